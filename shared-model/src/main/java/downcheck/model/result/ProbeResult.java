package downcheck.model.result;

import downcheck.model.wire.Schema;
import java.time.Instant;
import java.util.List;

/**
 * One agent's answer to one check, on {@code downcheck.results} (key = check id).
 * {@code impaired} says the agent's own network failed its canary at that moment: the
 * result is kept and shown, but it is not evidence against the target.
 */
public record ProbeResult(
    int schema,
    String checkId,
    String agentId,
    String region,
    Outcome outcome,
    ErrorClass errorClass,
    Integer httpStatus,
    boolean impaired,
    String impairedReason,
    Timings timings,
    String address,
    Instant finishedAt,
    String message,
    String finalUrl,
    Integer certDaysLeft,
    String retryAfter,
    List<String> addresses) {

  public ProbeResult {
    if (checkId == null || checkId.isBlank()) {
      throw new IllegalArgumentException("checkId: missing");
    }
    if (agentId == null || agentId.isBlank()) {
      throw new IllegalArgumentException("agentId: missing in result of " + checkId);
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region: missing in result of " + checkId);
    }
    if (outcome == null) {
      throw new IllegalArgumentException("outcome: missing in result of " + checkId + " from " + agentId);
    }
    if (outcome == Outcome.DOWN && errorClass == null) {
      throw new IllegalArgumentException("errorClass: a DOWN result needs one (" + checkId + " from " + agentId + ")");
    }
    if (errorClass == ErrorClass.TARGET_REFUSED && outcome != Outcome.ERROR) {
      throw new IllegalArgumentException("errorClass: TARGET_REFUSED goes with outcome ERROR, not " + outcome
          + " (" + checkId + " from " + agentId + ")");
    }
    timings = timings == null ? new Timings(null, null, null, null, null) : timings;
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    schema = schema == 0 ? Schema.VERSION : schema;
  }

  public long totalMsOr(long fallback) {
    return timings.totalMs() == null ? fallback : timings.totalMs();
  }

  /** The same result, judged by the agent's state at the moment it was taken. */
  public ProbeResult withImpaired(boolean nowImpaired, String reason) {
    return new ProbeResult(schema, checkId, agentId, region, outcome, errorClass, httpStatus, nowImpaired,
        reason, timings, address, finishedAt, message, finalUrl, certDaysLeft, retryAfter, addresses);
  }
}
