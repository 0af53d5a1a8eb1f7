package downcheck.coordinator.api;

import downcheck.coordinator.http.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Who may submit checks, and how often. With API keys configured, a submission needs one
 * ({@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}), else 401. Each client (its
 * key, or its address without one) may submit so many checks a minute, else 429 with
 * Retry-After. Reading checks and streams stays open.
 */
public final class AccessGuard {
  private final Set<String> apiKeys;
  private final WindowCounter perClient;

  public AccessGuard(Set<String> apiKeys, int perClientPerMinute, Clock clock) {
    this.apiKeys = Set.copyOf(apiKeys);
    this.perClient = new WindowCounter(perClientPerMinute, Duration.ofMinutes(1), clock);
  }

  /** Route handler: passes the request on, or fails it with the problem. */
  public void check(RoutingContext rc) {
    String key = presentedKey(rc);
    if (!apiKeys.isEmpty() && (key == null || !apiKeys.contains(key))) {
      throw new ProblemException(401, "Unauthorized",
          key == null ? "an API key is required: Authorization: Bearer KEY" : "the API key is not valid", 0);
    }
    String client = key != null ? "key:" + key : "addr:" + rc.request().remoteAddress().host();
    long wait = perClient.take(client);
    if (wait > 0) {
      throw new ProblemException(429, "Too many requests",
          "this client submitted too many checks this minute; try again in " + wait + " s", wait);
    }
    rc.next();
  }

  private static String presentedKey(RoutingContext rc) {
    String auth = rc.request().getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).strip();
    }
    String header = rc.request().getHeader("X-API-Key");
    return header == null || header.isBlank() ? null : header.strip();
  }
}
