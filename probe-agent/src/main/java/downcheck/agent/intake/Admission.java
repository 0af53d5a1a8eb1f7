package downcheck.agent.intake;

import downcheck.model.check.CheckRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether this agent runs a check, and the deadline budget it runs on. The coordinator's deadline
 * is the timeout plus a grace for the way back. The agent must publish before it, after the probe
 * and, when the probe failed, the instant canary re-check that says whether its own network
 * worked: a result that comes late leaves its region MISSING, the one answer that says nothing.
 * So the probe gets the check's timeout, shortened where needed to keep {@link #recheckBudget}
 * room for the re-check; everything must end by {@link #publishBy}, a margin before the deadline.
 *
 * @param probeTimeout the probe's own timeout
 * @param publishBy    when the re-check must have ended, so the result is published in time
 */
public record Admission(Decision decision, Duration probeTimeout, Instant publishBy) {
  /** For the way back: the send to Kafka, the coordinator's read and fold, on a busy machine. */
  static final Duration PUBLISH_MARGIN = Duration.ofMillis(500);
  static final Duration MIN_PROBE = Duration.ofMillis(50);
  /** The most the canary re-check takes from the probe's time; it gets more when the grace leaves more. */
  static final Duration RECHECK_RESERVE = Duration.ofMillis(1000);

  public enum Decision { RUN, OTHER_REGION, OTHER_AGENT, EXPIRED }

  /**
   * A check read in the region's group: run when it is for this region and not addressed to
   * chosen agents (those come on the direct topic; a copy here is no one's in the group).
   */
  public static Admission decide(CheckRequest check, String region, Instant now) {
    if (!check.isFor(region)) {
      return new Admission(Decision.OTHER_REGION, Duration.ZERO, now);
    }
    if (!check.agents().isEmpty()) {
      return new Admission(Decision.OTHER_AGENT, Duration.ZERO, now);
    }
    return inTime(check, now);
  }

  /**
   * A check read on the direct topic: run when it names this agent (the partition is shared with
   * the agents whose ids hash to it), on the same deadline budget as any other.
   */
  public static Admission decideDirect(CheckRequest check, String agentId, Instant now) {
    if (!check.agents().contains(agentId)) {
      return new Admission(Decision.OTHER_AGENT, Duration.ZERO, now);
    }
    return inTime(check, now);
  }

  private static Admission inTime(CheckRequest check, Instant now) {
    Instant publishBy = check.deadline().minus(PUBLISH_MARGIN);
    Duration left = Duration.between(now, publishBy);
    if (left.compareTo(MIN_PROBE) < 0) {
      return new Admission(Decision.EXPIRED, Duration.ZERO, publishBy);
    }
    Duration reserve = min(RECHECK_RESERVE, Duration.ofMillis(left.toMillis() / 3));
    Duration timeout = min(Duration.ofMillis(check.timeoutMs()), left.minus(reserve));
    return new Admission(Decision.RUN, timeout, publishBy);
  }

  /** What is left for the canary re-check once the probe has ended at {@code now}; zero when nothing is. */
  public Duration recheckBudget(Instant now) {
    Duration left = Duration.between(now, publishBy);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
