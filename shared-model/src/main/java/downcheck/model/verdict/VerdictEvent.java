package downcheck.model.verdict;

import downcheck.model.result.ProbeResult;
import downcheck.model.wire.Schema;

/**
 * A record on {@code downcheck.verdicts}: the whole check after a recompute, and the result
 * that caused it (null when the deadline did). Coordinators turn these into SSE events.
 */
public record VerdictEvent(int schema, CheckView check, ProbeResult trigger) {
  public VerdictEvent {
    if (check == null || check.id() == null) {
      throw new IllegalArgumentException("check: missing in verdict event");
    }
    schema = schema == 0 ? Schema.VERSION : schema;
  }
}
