package downcheck.coordinator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of what the operator is told, and when, without starting anything. */
class WatchedTest {
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final Watched.Delays DELAYS = new Watched.Delays(Duration.ofMinutes(5), Duration.ofMinutes(5));
  static final AgentView AGENT = new AgentView("eu-west-a1", "eu-west", "1.0", AgentStatus.HEALTHY, T0,
      new CanaryCounts(3, 0), null);

  /** Looks at one agent at the given seconds after T0, seen silent or not; the events told, in order. */
  private static List<String> silences(Object... secondsAndSilent) {
    Watched state = null;
    List<String> told = new ArrayList<>();
    for (int i = 0; i < secondsAndSilent.length; i += 2) {
      int before = state == null ? 0 : state.outbox().size();
      state = Watched.step(state, new Watched.Observation(AGENT, "eu-west",
          Map.of(Problem.AGENT_SILENT, (Boolean) secondsAndSilent[i + 1])), T0.plusSeconds((Integer) secondsAndSilent[i]),
          DELAYS, "n" + i);
      state.outbox().subList(before, state.outbox().size()).forEach(n -> told.add(n.event()));
    }
    return told;
  }

  @Test
  void anAgentSeenGoingSilentIsToldOnceAndItsReturnOnceItStayed() {
    assertThat(silences(0, false, 10, true, 11, true, 60, true)).containsExactly("operator.agent_silent");
    assertThat(silences(0, false, 10, true, 20, false, 20 + 299, false)).containsExactly("operator.agent_silent");
    assertThat(silences(0, false, 10, true, 20, false, 20 + 300, false))
        .containsExactly("operator.agent_silent", "operator.agent_back");
  }

  @Test
  void anAgentThatComesAndGoesEveryMinuteIsToldSilentOnceAndBackOnceItStays() {
    List<Object> looks = new ArrayList<>(List.of(0, false));
    for (int minute = 1; minute <= 31; minute++) {
      looks.addAll(List.of(minute * 60, minute % 2 == 1)); // silent one minute, back the next
    }
    looks.addAll(List.of(32 * 60, false, 32 * 60 + 299, false));
    assertThat(silences(looks.toArray())).containsExactly("operator.agent_silent");
    looks.addAll(List.of(32 * 60 + 300, false));
    assertThat(silences(looks.toArray())).containsExactly("operator.agent_silent", "operator.agent_back");
  }

  @Test
  void anAgentAlreadySilentAtFirstSightIsNeverToldNorItsReturn() {
    assertThat(silences(0, true, 60, true, 120, false, 1000, false)).isEmpty();
    // once it was seen alive, its next silence is told
    assertThat(silences(0, true, 120, false, 1000, false, 1010, true)).containsExactly("operator.agent_silent");
  }

  @Test
  void anImpairedAgentIsToldAfterTheSetMinutesWithItsReason() {
    AgentView sick = new AgentView("ap-a1", "ap-south", "1.0", AgentStatus.IMPAIRED, T0, new CanaryCounts(0, 3),
        "3 of 3 canaries failed");
    Watched s = null;
    for (int sec : new int[] {0, 60, 299}) {
      s = Watched.step(s, new Watched.Observation(sick, "ap-south", Map.of(Problem.AGENT_IMPAIRED, true)),
          T0.plusSeconds(sec), DELAYS, "n" + sec);
    }
    assertThat(s.outbox()).isEmpty();
    assertThat(s.waiting(java.util.Set.of(Problem.AGENT_IMPAIRED))).as("looked at again though nothing changed").isTrue();
    s = Watched.step(s, new Watched.Observation(sick, "ap-south", Map.of(Problem.AGENT_IMPAIRED, true)),
        T0.plusSeconds(300), DELAYS, "n300");
    assertThat(s.outbox()).singleElement().satisfies(n -> {
      assertThat(n.event()).isEqualTo("operator.agent_impaired");
      assertThat(n.summary()).isEqualTo("agent ap-a1 in ap-south impaired for 5 min: 3 of 3 canaries failed");
      assertThat(n.deliveryId()).isEqualTo("n300-0");
      assertThat(n.agent().agentId()).isEqualTo("ap-a1");
    });
  }

  @Test
  void aRegionLostIsToldWithItsLastAgentAndItsReturnAfterTheHold() {
    Watched s = null;
    s = Watched.step(s, new Watched.Observation(AGENT, "eu-west", Map.of(Problem.REGION_LOST, false)), T0, DELAYS, "a");
    s = Watched.step(s, new Watched.Observation(AGENT, "eu-west", Map.of(Problem.REGION_LOST, true)),
        T0.plusSeconds(5), DELAYS, "b");
    assertThat(s.outbox()).singleElement().satisfies(n -> {
      assertThat(n.event()).isEqualTo("operator.region_lost");
      assertThat(n.region()).isEqualTo("eu-west");
      assertThat(n.summary()).startsWith("region eu-west lost its last agent (eu-west-a1, last heard 2026-12-06T10:00:00Z)");
    });
    s = s.without("b-0");
    s = Watched.step(s, new Watched.Observation(AGENT, "eu-west", Map.of(Problem.REGION_LOST, false)),
        T0.plusSeconds(10), DELAYS, "c");
    s = Watched.step(s, new Watched.Observation(AGENT, "eu-west", Map.of(Problem.REGION_LOST, false)),
        T0.plusSeconds(310), DELAYS, "d");
    assertThat(s.outbox()).extracting(OperatorNotice::event).containsExactly("operator.region_back");
  }

  @Test
  void theSameLookDecidesTheSameIdsSoABackupReplayingItAgrees() {
    Watched before = Watched.step(null, new Watched.Observation(AGENT, "eu-west", Map.of(Problem.AGENT_SILENT, false)),
        T0, DELAYS, "x");
    Watched.Observation silent = new Watched.Observation(AGENT, "eu-west", Map.of(Problem.AGENT_SILENT, true));
    assertThat(Watched.step(before, silent, T0.plusSeconds(9), DELAYS, "y"))
        .isEqualTo(Watched.step(before, silent, T0.plusSeconds(9), DELAYS, "y"));
  }

  @Test
  void theOutboxIsBoundedTheOldestDropped() {
    Watched s = null;
    int looks = 0;
    for (int cycle = 0; cycle < 10; cycle++) { // silent, back, and back for the hold: two notices a cycle, none delivered
      for (int[] look : new int[][] {{0, 0}, {10, 1}, {20, 0}, {400, 0}}) {
        s = Watched.step(s, new Watched.Observation(AGENT, "eu-west", Map.of(Problem.AGENT_SILENT, look[1] == 1)),
            T0.plus(Duration.ofMinutes(10L * cycle)).plusSeconds(look[0]), DELAYS, "n" + looks++);
      }
    }
    assertThat(s.outbox()).hasSize(Watched.MAX_OUTBOX);
    assertThat(s.outbox().get(Watched.MAX_OUTBOX - 1).deliveryId()).startsWith("n" + (looks - 1) + "-");
    assertThat(s.outbox().get(Watched.MAX_OUTBOX - 1).event()).isEqualTo("operator.agent_back");
  }
}
