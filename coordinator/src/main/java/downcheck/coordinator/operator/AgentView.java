package downcheck.coordinator.operator;

import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import java.time.Instant;

/** An agent as a notice shows it: the fields of {@code GET /api/v1/agents}. */
record AgentView(String agentId, String region, String version, AgentStatus status, Instant lastHeartbeat,
    CanaryCounts canaries, String reason) {

  static AgentView of(Heartbeat h) {
    return new AgentView(h.agentId(), h.region(), h.version(), h.status(), h.sentAt(), h.canaries(), h.reason());
  }
}
