package downcheck.coordinator.api;

import downcheck.coordinator.http.InvalidRequestException;
import downcheck.coordinator.store.HistoryStore;
import downcheck.model.check.Target;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/targets/{host}/history?limit=50}: the last final checks of a host, newest first. */
public final class HistoryApi {
  private final HistoryStore history;

  public HistoryApi(HistoryStore history) {
    this.history = history;
  }

  public void mount(Router router) {
    router.get("/api/v1/targets/:host/history").handler(this::history);
  }

  private void history(RoutingContext rc) {
    String host;
    try {
      // the same normalisation as a check's target: lower case, punycode
      host = Target.parse("dns://" + rc.pathParam("host"), null).host();
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.of("host", e.getMessage());
    }
    int limit = limit(rc.queryParams().get("limit"));
    // the checks as stored, already JSON: joined, not decoded and encoded again
    history.recentJson(host, limit)
        .onSuccess(list -> rc.response().putHeader("Content-Type", "application/json").end("[" + String.join(",", list) + "]"))
        .onFailure(rc::fail);
  }

  private static int limit(String raw) {
    if (raw == null) {
      return HistoryStore.MAX_PER_HOST;
    }
    try {
      int n = Integer.parseInt(raw.strip());
      if (n >= 1 && n <= HistoryStore.MAX_PER_HOST) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw InvalidRequestException.of("limit", "must be a whole number in 1.." + HistoryStore.MAX_PER_HOST + ", got '" + raw + "'");
  }
}
