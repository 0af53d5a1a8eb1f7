package downcheck.coordinator.operator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one sentence the operator reads of each event. */
final class Summaries {
  private Summaries() {}

  static String of(Problem p, boolean problem, AgentView agent, String region, Instant now, Instant since) {
    String who = agent == null ? "?" : agent.agentId();
    String heard = agent == null || agent.lastHeartbeat() == null ? ""
        : "last heard " + agent.lastHeartbeat().truncatedTo(ChronoUnit.SECONDS);
    return switch (p) {
      case AGENT_SILENT -> problem
          ? "agent " + who + " in " + region + " is silent: " + heard + ", no heartbeat for three of its intervals"
          : "agent " + who + " in " + region + " is back";
      case AGENT_IMPAIRED -> problem
          ? "agent " + who + " in " + region + " impaired for " + span(Duration.between(since, now))
              + (agent == null || agent.reason() == null ? "" : ": " + agent.reason())
          : "agent " + who + " in " + region + " is healthy again";
      case REGION_LOST -> problem
          ? "region " + region + " lost its last agent (" + who + ", " + heard + "): checks no longer run there"
          : "region " + region + " has agents again (" + who + ")";
    };
  }

  /** {@code 5 min}, or {@code 40 s} under a minute. */
  static String span(Duration d) {
    return d.toMinutes() >= 1 ? d.toMinutes() + " min" : Math.max(0, d.toSeconds()) + " s";
  }
}
