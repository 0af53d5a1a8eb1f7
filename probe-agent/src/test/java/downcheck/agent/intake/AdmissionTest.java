package downcheck.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  static CheckRequest check(List<String> regions, int timeoutMs, Instant deadline) {
    return new CheckRequest(1, "c-1", "https://example.com/", ProbeKind.HTTP, regions, timeoutMs, null, T0, deadline);
  }

  @Test
  void aCheckForAllRegionsOrMineRunsWithItsTimeout() {
    Admission all = Admission.decide(check(List.of(), 10_000, T0.plusSeconds(12)), "eu-west", T0);
    assertThat(all.decision()).isEqualTo(Admission.Decision.RUN);
    assertThat(all.probeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(Admission.decide(check(List.of("eu-west"), 10_000, T0.plusSeconds(12)), "eu-west", T0).decision())
        .isEqualTo(Admission.Decision.RUN);
  }

  @Test
  void aCheckForOtherRegionsIsSkipped() {
    assertThat(Admission.decide(check(List.of("us-east"), 10_000, T0.plusSeconds(12)), "eu-west", T0).decision())
        .isEqualTo(Admission.Decision.OTHER_REGION);
  }

  static CheckRequest direct(List<String> agents, Instant deadline) {
    return new CheckRequest(1, "c-1", "https://example.com/", ProbeKind.HTTP, List.of("eu-west"), 10_000, null, T0,
        deadline, null, agents);
  }

  @Test
  void aDirectCheckRunsOnlyOnTheAgentsItNamesAndOnTheSameDeadlineBudget() {
    Admission mine = Admission.decideDirect(direct(List.of("eu-west-a2"), T0.plusSeconds(12)), "eu-west-a2", T0);
    assertThat(mine.decision()).isEqualTo(Admission.Decision.RUN);
    assertThat(mine.probeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(Admission.decideDirect(direct(List.of("eu-west-a2"), T0.plusSeconds(12)), "eu-west-a1", T0).decision())
        .isEqualTo(Admission.Decision.OTHER_AGENT);
    assertThat(Admission.decideDirect(direct(List.of("eu-west-a2"), T0.plusSeconds(12)), "eu-west-a2",
        T0.plusSeconds(13)).decision()).isEqualTo(Admission.Decision.EXPIRED);
  }

  @Test
  void aCheckForChosenAgentsIsNoOneElsesInTheRegionsGroup() {
    assertThat(Admission.decide(direct(List.of("eu-west-a2"), T0.plusSeconds(12)), "eu-west", T0).decision())
        .isEqualTo(Admission.Decision.OTHER_AGENT);
  }

  @Test
  void aCheckPastItsDeadlineIsSkipped() {
    assertThat(Admission.decide(check(List.of(), 10_000, T0.plusSeconds(12)), "eu-west", T0.plusSeconds(13)).decision())
        .isEqualTo(Admission.Decision.EXPIRED);
    // too little left to probe and still publish before the deadline
    assertThat(Admission.decide(check(List.of(), 10_000, T0.plusSeconds(12)), "eu-west", T0.plusMillis(11_700)).decision())
        .isEqualTo(Admission.Decision.EXPIRED);
  }

  @Test
  void aLateCheckGetsOnlyWhatIsLeftOfItsTimeAndStillLeavesRoomForTheCanaryRecheck() {
    Admission a = Admission.decide(check(List.of(), 10_000, T0.plusSeconds(12)), "eu-west", T0.plusSeconds(10));
    assertThat(a.decision()).isEqualTo(Admission.Decision.RUN);
    // 1500 ms until it must publish: a third kept for the re-check
    assertThat(a.probeTimeout()).isEqualTo(Duration.ofMillis(1000));
    assertThat(a.recheckBudget(T0.plusSeconds(10).plus(a.probeTimeout()))).isEqualTo(Duration.ofMillis(500));
  }

  @ParameterizedTest(name = "timeout {0} ms, grace {1} ms")
  @CsvSource({"3000, 2000", "3000, 0", "700, 0", "10000, 2000", "30000, 500", "1000, 100"})
  void theProbeAndTheCanaryRecheckBothEndBeforeTheDeadline(int timeoutMs, int graceMs) {
    Instant deadline = T0.plusMillis(timeoutMs + graceMs);
    Instant received = T0.plusMillis(40); // the way through Kafka
    Admission a = Admission.decide(check(List.of(), timeoutMs, deadline), "eu-west", received);
    assertThat(a.decision()).isEqualTo(Admission.Decision.RUN);
    assertThat(a.probeTimeout()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(timeoutMs));
    Instant probeEnded = received.plus(a.probeTimeout());
    Duration recheck = a.recheckBudget(probeEnded);
    assertThat(recheck).as("room for the canary re-check").isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(probeEnded.plus(recheck)).isEqualTo(a.publishBy()).isBefore(deadline);
  }

  @Test
  void theIssuesCaseTimeout3000KeepsTheFullProbeTimeAndOverASecondForTheRecheck() {
    Admission a = Admission.decide(check(List.of(), 3000, T0.plusSeconds(5)), "ap-south", T0.plusMillis(100));
    assertThat(a.probeTimeout()).isEqualTo(Duration.ofMillis(3000));
    assertThat(a.recheckBudget(T0.plusMillis(3100))).isEqualTo(Duration.ofMillis(1400));
  }
}
