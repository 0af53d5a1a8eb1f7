package downcheck.coordinator.monitor;

import static downcheck.coordinator.judge.CheckFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.judge.CheckFixtures;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import downcheck.model.agent.Location;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.CheckView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A monitor's change is confirmed by other agents than the run that first saw it. */
class ConfirmingAgentsTest {
  static final List<String> REGIONS = CheckFixtures.REGIONS;

  static Heartbeat agent(String id, String region, String provider, AgentStatus status) {
    return new Heartbeat(0, id, region, "test", status, CanaryCounts.NONE, null, T0, 1000,
        new Location(null, null, provider, null, List.of()));
  }

  static ProbeResult result(String agent, String region, boolean up) {
    Stamp stamp = Stamp.of("c-1", agent, region, T0.plusSeconds(1), null);
    return new ProbeResult(stamp, up ? ProbeOutcome.up(Timings.total(20), "203.0.113.7").withHttpStatus(200)
        : ProbeOutcome.down(ErrorClass.CONNECT_TIMEOUT, Timings.total(3000), "203.0.113.7", "timed out"));
  }

  /** The run that first saw eu-west down: eu-west-a1 down, the others' a1 up. */
  static CheckView first() {
    return Judge.view(CheckFixtures.fresh().with(List.of(result("eu-west-a1", "eu-west", false),
        result("us-east-a1", "us-east", true), result("ap-south-a1", "ap-south", true)), Closure.ANSWERED));
  }

  @Test
  void theConfirmingRunGoesToOtherAgentsOnAnotherNetworkFirst() {
    List<Heartbeat> live = List.of(agent("eu-west-a1", "eu-west", "pa", AgentStatus.HEALTHY),
        agent("eu-west-a2", "eu-west", "pa", AgentStatus.HEALTHY), agent("eu-west-b1", "eu-west", "pb", AgentStatus.HEALTHY),
        agent("us-east-a1", "us-east", "pa", AgentStatus.HEALTHY), agent("us-east-b1", "us-east", "pb", AgentStatus.HEALTHY),
        agent("ap-south-a1", "ap-south", "pa", AgentStatus.HEALTHY), agent("ap-south-b1", "ap-south", "pb", AgentStatus.IMPAIRED));

    assertThat(ConfirmingAgents.choose(first(), REGIONS, live)).extracting(Heartbeat::agentId)
        .as("another provider than the first run's agent; an impaired agent is never chosen, the first one is then")
        .containsExactly("eu-west-b1", "us-east-b1", "ap-south-a1");
  }

  @Test
  void withNoOtherAgentAnywhereTheRunGoesToTheRegionsAsUsual() {
    List<Heartbeat> live = List.of(agent("eu-west-a1", "eu-west", "pa", AgentStatus.HEALTHY),
        agent("us-east-a1", "us-east", "pa", AgentStatus.HEALTHY), agent("ap-south-a1", "ap-south", "pa", AgentStatus.HEALTHY));

    assertThat(ConfirmingAgents.choose(first(), REGIONS, live)).isEmpty();
  }
}
