package downcheck.model.monitor;

import downcheck.model.verdict.Verdict;

/**
 * A monitor's confirmed state. {@code UNKNOWN} is the network saying "I can't see" (a run
 * ended INCONCLUSIVE): never an outage, never alerted. {@code PENDING} until the first
 * confirmed state. {@code MAINTENANCE} is only shown, while a maintenance window is under way:
 * the runs go on confirming the others underneath.
 */
public enum MonitorState {
  PENDING, UP, DEGRADED, REGIONAL_OUTAGE, GLOBAL_OUTAGE, UNKNOWN, MAINTENANCE;

  /** The state a final verdict points at. */
  public static MonitorState of(Verdict verdict) {
    return switch (verdict) {
      case UP -> UP;
      case DEGRADED -> DEGRADED;
      case REGIONAL_OUTAGE -> REGIONAL_OUTAGE;
      case GLOBAL_OUTAGE -> GLOBAL_OUTAGE;
      case INCONCLUSIVE, PENDING -> UNKNOWN;
    };
  }

  /** A state that opens an incident: an outage, or slowness. */
  public boolean isIncident() {
    return this == GLOBAL_OUTAGE || this == REGIONAL_OUTAGE || this == DEGRADED;
  }

  /** A state the network saw for sure (not PENDING, not UNKNOWN). */
  public boolean isConclusive() {
    return this != PENDING && this != UNKNOWN && this != MAINTENANCE;
  }

  /** The notification event of a change into this state, or null for states no one is told of. */
  public String event() {
    return switch (this) {
      case GLOBAL_OUTAGE -> Change.DOWN;
      case REGIONAL_OUTAGE -> Change.REGIONAL;
      case DEGRADED -> Change.DEGRADED;
      default -> null;
    };
  }
}
