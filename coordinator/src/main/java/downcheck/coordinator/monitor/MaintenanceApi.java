package downcheck.coordinator.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.ApiKeys.Caller;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.coordinator.http.ProblemException;
import downcheck.coordinator.http.Problems;
import downcheck.model.monitor.Maintenance;
import downcheck.model.monitor.MaintenanceWindow;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.wire.Codec;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/maintenance} (docs/api.md): maintenance windows for a set of monitors. A
 * maintenance is its owner's as a monitor is ({@link MonitorAccess}): it may list only monitors
 * its caller may change, and to another key it does not exist. Bounded: at most
 * {@value #MAX_MONITORS} monitors and {@value MaintenanceInput#MAX_WINDOWS} windows each, and as
 * many maintenances per owner as monitors ({@code --monitor-max-per-key}).
 */
final class MaintenanceApi {
  static final int MAX_MONITORS = 100;
  private static final Set<String> FIELDS = Set.of("name", "monitors", "windows");

  private final MonitorCatalog catalog;
  private final MonitorSettings settings;
  private final MonitorAccess access;
  private final Clock clock;

  MaintenanceApi(MonitorCatalog catalog, MonitorSettings settings, MonitorAccess access, Clock clock) {
    this.catalog = catalog;
    this.settings = settings;
    this.access = access;
    this.clock = clock;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MonitorApi.MAX_BODY);
    router.post("/api/v1/maintenance").handler(body).handler(this::create);
    router.get("/api/v1/maintenance").handler(this::list);
    router.get("/api/v1/maintenance/:id").handler(this::get);
    router.put("/api/v1/maintenance/:id").handler(body).handler(this::change);
    router.delete("/api/v1/maintenance/:id").handler(this::delete);
  }

  private void create(RoutingContext rc) {
    Caller caller = access.writer(rc);
    Instant now = clock.instant();
    Maintenance m = parse(rc.body().asString(), caller, MonitorIds.next(now).replaceFirst("^m-", "w-"), caller.owner(),
        now);
    long owned = catalog.maintenances().stream().filter(x -> caller.owns(x.owner())).count();
    if (owned >= settings.maxPerKey()) {
      throw new ProblemException(409, "Too many maintenances", "this " + (caller.open() ? "client address" : "API key")
          + " has reached the most maintenances allowed (" + settings.maxPerKey() + ", --monitor-max-per-key);"
          + " delete one first", 0);
    }
    catalog.putMaintenance(m).onSuccess(v -> rc.response().setStatusCode(201)
        .putHeader("Location", "/api/v1/maintenance/" + m.id()).putHeader("Content-Type", "application/json")
        .end(Codec.toJson(m.shown()))).onFailure(rc::fail);
  }

  private void list(RoutingContext rc) {
    Caller caller = access.reader(rc);
    List<Maintenance> mine = catalog.maintenances().stream().filter(m -> caller.mayAccess(m.owner()))
        .sorted(Comparator.comparing(Maintenance::id)).map(Maintenance::shown).toList();
    json(rc, 200, mine);
  }

  private void get(RoutingContext rc) {
    Maintenance m = existing(rc, access.reader(rc));
    if (m != null) {
      json(rc, 200, m.shown());
    }
  }

  private void change(RoutingContext rc) {
    Caller caller = access.writer(rc);
    Maintenance before = existing(rc, caller);
    if (before == null) {
      return;
    }
    Maintenance m = parse(rc.body().asString(), caller, before.id(), before.owner(), before.createdAt());
    catalog.putMaintenance(m).onSuccess(v -> json(rc, 200, m.shown())).onFailure(rc::fail);
  }

  private void delete(RoutingContext rc) {
    Maintenance m = existing(rc, access.reader(rc));
    if (m != null) {
      catalog.deleteMaintenance(m.id()).onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }
  }

  /** The maintenance of the path's id, or null after a 404: also when the caller may not see it. */
  private Maintenance existing(RoutingContext rc, Caller caller) {
    String id = rc.pathParam("id");
    Maintenance m = id != null && id.length() <= 64 && id.matches("w-[a-z0-9]+") ? catalog.maintenance(id) : null;
    if (m != null && !caller.mayAccess(m.owner())) {
      m = null;
    }
    if (m == null) {
      Problems.send(rc, 404, "Unknown maintenance", "no maintenance with id '" + Fields.clip(id) + "'",
          List.of(new FieldError("id", "unknown")));
    }
    return m;
  }

  /** A valid body, every bad field named at once: each monitor listed must be one the caller may change. */
  private Maintenance parse(String text, Caller caller, String id, String owner, Instant createdAt) {
    JsonNode root = text == null || text.isBlank() ? null : Fields.tree(text);
    if (root == null || !root.isObject()) {
      throw InvalidRequestException.of("body", "must be a JSON object: {\"name\": …, \"monitors\": [\"m-…\"], "
          + "\"windows\": [{\"start\": …, \"durationMinutes\": …, \"timeZone\": …}]}");
    }
    List<FieldError> errors = new ArrayList<>();
    Fields.unknown(root, FIELDS, "", errors);
    String name = Fields.string(root.get("name"), "name", MonitorInput.MAX_NAME, false, errors);
    List<String> monitors = monitors(root.get("monitors"), caller, errors);
    List<MaintenanceWindow> windows = MaintenanceInput.windows(root.get("windows"), "windows", errors);
    if (errors.isEmpty() && windows.isEmpty()) {
      errors.add(new FieldError("windows", "is required: at least one window"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Maintenance(id, name == null ? null : name.strip(), monitors, windows, owner, createdAt);
  }

  private List<String> monitors(JsonNode n, Caller caller, List<FieldError> errors) {
    if (n == null || !n.isArray() || n.isEmpty() || n.size() > MAX_MONITORS) {
      errors.add(new FieldError("monitors", "is required: an array of 1.." + MAX_MONITORS + " monitor ids"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String id = n.get(i).isTextual() ? n.get(i).asText() : null;
      MonitorSpec spec = MonitorIds.looksValid(id) ? catalog.spec(id) : null;
      if (spec == null || !MonitorAccess.mayAccess(caller, spec)) {
        // another key's monitor reads as no monitor at all
        errors.add(new FieldError("monitors[" + i + "]", "no monitor with id '" + Fields.shown(n.get(i)) + "'"));
      } else if (!out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  private static void json(RoutingContext rc, int status, Object body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Codec.toJson(body));
  }
}
