package downcheck.model.agent;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.verdict.LocalIssue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownImpairedTest {
  static final Instant NOW = Instant.parse("2026-11-25T21:00:00Z");

  @Test
  void aRegionWhoseAgentsAllSayImpairedIsKnownImpairedWithEachHeartbeatsReason() {
    List<LocalIssue> issues = KnownImpaired.of(List.of(
        beat("ap-south-a2", "ap-south", AgentStatus.IMPAIRED, null),
        beat("ap-south-a1", "ap-south", AgentStatus.IMPAIRED, "3 of 3 canaries failed (x: CONNECT_TIMEOUT)"),
        beat("eu-west-a1", "eu-west", AgentStatus.HEALTHY, null)));
    assertThat(issues).containsExactly(
        LocalIssue.agent("ap-south-a1", "ap-south", "3 of 3 canaries failed (x: CONNECT_TIMEOUT)"),
        LocalIssue.agent("ap-south-a2", "ap-south", KnownImpaired.DEFAULT_REASON));
  }

  @Test
  void aRegionWithOneHealthyAgentIsNotKnownImpaired() {
    assertThat(KnownImpaired.of(List.of(
        beat("sa-east-a1", "sa-east", AgentStatus.IMPAIRED, "canaries failed"),
        beat("sa-east-a2", "sa-east", AgentStatus.HEALTHY, null)))).isEmpty();
  }

  static Heartbeat beat(String agentId, String region, AgentStatus status, String reason) {
    return new Heartbeat(0, agentId, region, "test", status, CanaryCounts.NONE, reason, NOW, 1000);
  }
}
