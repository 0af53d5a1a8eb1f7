package downcheck.coordinator.api;

import downcheck.coordinator.check.CoordinatorBusyException;
import downcheck.coordinator.check.TargetRateExceededException;
import downcheck.coordinator.dispatch.KafkaUnavailableException;
import downcheck.coordinator.http.Problems;
import io.vertx.ext.web.RoutingContext;

/**
 * The router's one failure handler: every error a client sees is problem+json. A check that
 * could not be taken now says when to try again; everything else is answered by {@link Problems}.
 */
public final class Failures {
  /** When to try again after Kafka was unreachable: the coordinator notices it is back within about a second. */
  static final long KAFKA_RETRY_AFTER_S = 2;

  private Failures() {}

  public static void onFailure(RoutingContext rc) {
    Throwable t = rc.failure();
    if (t instanceof TargetRateExceededException r) {
      Problems.retryLater(rc, 429, "Too many checks of this target", r.getMessage(), r.retryAfterSeconds());
    } else if (t instanceof CoordinatorBusyException b) {
      Problems.retryLater(rc, 503, "Coordinator busy", b.getMessage(), CoordinatorBusyException.RETRY_AFTER_SECONDS);
    } else if (t instanceof KafkaUnavailableException k) {
      Problems.retryLater(rc, 503, "Kafka unavailable", k.getMessage(), KAFKA_RETRY_AFTER_S);
    } else {
      Problems.onFailure(rc);
    }
  }
}
