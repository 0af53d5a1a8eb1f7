package downcheck.coordinator.operator;

/**
 * What the operator is told of, each with its recovery (docs/operations.md, "The operator is told").
 * A problem that needs to be seen starting is told only when it began while the coordinators
 * watched: an agent found silent, or a region found empty, at a cold start was never told as
 * alive, so neither it nor its recovery is told.
 */
enum Problem {
  AGENT_SILENT("operator.agent_silent", "operator.agent_back", true),
  AGENT_IMPAIRED("operator.agent_impaired", "operator.agent_healthy", false),
  REGION_LOST("operator.region_lost", "operator.region_back", true);

  private final String event;
  private final String recovery;
  private final boolean mustBeSeenStarting;

  Problem(String event, String recovery, boolean mustBeSeenStarting) {
    this.event = event;
    this.recovery = recovery;
    this.mustBeSeenStarting = mustBeSeenStarting;
  }

  String event() {
    return event;
  }

  String recovery() {
    return recovery;
  }

  boolean mustBeSeenStarting() {
    return mustBeSeenStarting;
  }
}
