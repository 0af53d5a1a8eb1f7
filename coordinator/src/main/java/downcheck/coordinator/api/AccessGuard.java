package downcheck.coordinator.api;

import downcheck.coordinator.http.ApiKeys;
import downcheck.coordinator.http.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * Who may do something, and how often (docs/security.md, Who may do what). With API keys on, the
 * caller needs a valid one, else 401 before anything is counted. Each client (its key, or with
 * keys off its address, never a header it sends) may do it so many times a minute, else 429 with
 * Retry-After.
 */
public final class AccessGuard {
  private final ApiKeys keys;
  private final WindowCounter perClient;
  private final String what;

  /** The guard of check submissions. */
  public AccessGuard(ApiKeys keys, int perClientPerMinute, Clock clock) {
    this(keys, perClientPerMinute, clock, "submitted too many checks");
  }

  /** @param what what the client did too often, as the 429 says it ("submitted too many checks") */
  public AccessGuard(ApiKeys keys, int perClientPerMinute, Clock clock, String what) {
    this.keys = keys;
    this.perClient = new WindowCounter(perClientPerMinute, Duration.ofMinutes(1), clock);
    this.what = what;
  }

  /** Route handler: passes the request on, or fails it with the problem. */
  public void check(RoutingContext rc) {
    admit(rc);
    rc.next();
  }

  /** The caller, counted once; or the 401 or 429 problem. */
  public ApiKeys.Caller admit(RoutingContext rc) {
    ApiKeys.Caller caller = keys.caller(rc);
    long wait = perClient.take(caller.client());
    if (wait > 0) {
      throw new ProblemException(429, "Too many requests",
          "this client " + what + " this minute; try again in " + wait + " s", wait);
    }
    return caller;
  }
}
