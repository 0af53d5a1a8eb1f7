package downcheck.agent.intake;

import downcheck.model.check.CheckRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether this agent runs a check, and for how long. The coordinator's deadline is the
 * timeout plus a grace for the way back; the probe gets what is left of the timeout, less a
 * margin to publish its result before the deadline.
 */
public record Admission(Decision decision, Duration probeTimeout) {
  static final Duration PUBLISH_MARGIN = Duration.ofMillis(300);
  static final Duration MIN_PROBE = Duration.ofMillis(50);

  public enum Decision { RUN, OTHER_REGION, EXPIRED }

  public static Admission decide(CheckRequest check, String region, Instant now) {
    if (!check.isFor(region)) {
      return new Admission(Decision.OTHER_REGION, Duration.ZERO);
    }
    Duration left = Duration.between(now, check.deadline()).minus(PUBLISH_MARGIN);
    if (left.compareTo(MIN_PROBE) < 0) {
      return new Admission(Decision.EXPIRED, Duration.ZERO);
    }
    Duration timeout = Duration.ofMillis(check.timeoutMs());
    return new Admission(Decision.RUN, timeout.compareTo(left) < 0 ? timeout : left);
  }
}
