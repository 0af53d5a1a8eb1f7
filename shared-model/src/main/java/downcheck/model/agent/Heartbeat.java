package downcheck.model.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import downcheck.model.wire.Schema;
import java.time.Instant;

/** An agent's heartbeat on {@code downcheck.agents} (key = agent id, compacted). */
public record Heartbeat(
    int schema,
    String agentId,
    String region,
    String version,
    AgentStatus status,
    CanaryCounts canaries,
    String reason,
    Instant sentAt,
    long intervalMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) Location location) {

  public Heartbeat(int schema, String agentId, String region, String version, AgentStatus status,
      CanaryCounts canaries, String reason, Instant sentAt, long intervalMs) {
    this(schema, agentId, region, version, status, canaries, reason, sentAt, intervalMs, null);
  }

  public Heartbeat {
    if (agentId == null || agentId.isBlank()) {
      throw new IllegalArgumentException("agentId: missing");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region: missing in heartbeat of " + agentId);
    }
    if (sentAt == null) {
      throw new IllegalArgumentException("sentAt: missing in heartbeat of " + agentId);
    }
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("intervalMs: " + intervalMs + " is not positive in heartbeat of " + agentId);
    }
    status = status == null ? AgentStatus.HEALTHY : status;
    canaries = canaries == null ? CanaryCounts.NONE : canaries;
    schema = schema == 0 ? Schema.VERSION : schema;
    location = location == null || location.equals(Location.UNKNOWN) ? null : location;
  }

  /** An agent not heard from for three intervals is gone from the live set. */
  public boolean aliveAt(Instant now) {
    return sentAt.plusMillis(3 * intervalMs).isAfter(now);
  }
}
