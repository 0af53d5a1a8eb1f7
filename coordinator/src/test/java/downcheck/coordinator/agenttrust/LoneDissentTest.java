package downcheck.coordinator.agenttrust;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Closure;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import downcheck.model.consensus.Consensus;
import downcheck.model.consensus.Evidence;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.CheckView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who dissented alone, unconfirmed, in a final check; and when a result is late. */
class LoneDissentTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final List<String> REGIONS = List.of("r1", "r2");

  private static ProbeResult result(String agent, String region, Outcome outcome) {
    return new ProbeResult(new Stamp(0, "c-1", agent, region, T0, false, null),
        new ProbeOutcome(outcome, outcome == Outcome.DOWN ? ErrorClass.CONNECT_TIMEOUT : null, null, Timings.total(100),
            null, null, null, null, null, null));
  }

  private static ProbeResult finishedAt(String agent, String region, java.time.Instant finished) {
    return new ProbeResult(new Stamp(0, "c-1", agent, region, finished, false, null),
        new ProbeOutcome(Outcome.UP, null, null, Timings.total(100), null, null, null, null, null, null));
  }

  private static CheckView judged(boolean isFinal, ProbeResult... results) {
    return new CheckView("c-1", "https://example.com/", ProbeKind.HTTP, T0, T0.plusSeconds(10), false,
        Consensus.assess(new Evidence("example.com", REGIONS, List.of(results), 2000, null, false)).withFinal(isFinal));
  }

  @Test
  void theOnlyDownBesideAnUpAgentOfItsRegionIsALoneDissent() {
    ProbeResult lone = result("r1-a1", "r1", Outcome.DOWN);
    assertThat(LoneDissent.of(judged(true, lone, result("r1-a2", "r1", Outcome.UP), result("r2-a1", "r2", Outcome.UP))))
        .contains(lone);
  }

  @Test
  void aRegionDownAloneIsNoDissentForNobodyCouldConfirmIt() {
    assertThat(LoneDissent.of(judged(true, result("r1-a1", "r1", Outcome.DOWN), result("r2-a1", "r2", Outcome.UP))))
        .isEmpty();
  }

  @Test
  void twoAgentsDownAreNotALoneDissentNorIsAProvisionalCheck() {
    assertThat(LoneDissent.of(judged(true, result("r1-a1", "r1", Outcome.DOWN), result("r1-a2", "r1", Outcome.UP),
        result("r2-a1", "r2", Outcome.DOWN), result("r2-a2", "r2", Outcome.UP)))).isEmpty();
    assertThat(LoneDissent.of(judged(false, result("r1-a1", "r1", Outcome.DOWN), result("r1-a2", "r1", Outcome.UP),
        result("r2-a1", "r2", Outcome.UP)))).isEmpty();
  }

  @Test
  void aResultIsLateOnlyWhenItsCheckClosedAtTheDeadlineWithoutItAndItsAgentFinishedAfterIt() {
    CheckRequest request = new CheckRequest(0, "c-1", "https://example.com/", ProbeKind.HTTP, REGIONS, 5000, null, T0,
        T0.plusSeconds(7));
    CheckRecord open = CheckRecord.open(request, "example.com", REGIONS, 2000, null);
    ProbeResult r2 = finishedAt("r2-a1", "r2", T0.plusSeconds(9));
    CheckRecord atDeadline = open.with(List.of(result("r1-a1", "r1", Outcome.UP)), Closure.atDeadline(List.of()));
    assertThat(AgentTrust.isLate(atDeadline, r2)).isTrue();
    assertThat(AgentTrust.isLate(open, r2)).isFalse();
    assertThat(AgentTrust.isLate(atDeadline.with(List.of(r2), Closure.atDeadline(List.of())), r2)).isFalse();
    assertThat(AgentTrust.isLate(open.with(List.of(r2), Closure.ANSWERED), result("r2-a2", "r2", Outcome.UP))).isFalse();
    assertThat(AgentTrust.isLate(null, r2)).isFalse();
    assertThat(AgentTrust.isLate(atDeadline, finishedAt("r2-a1", "r2", T0.plusSeconds(6))))
        .as("finished in time, held up on its way: the coordinators' delay, not the agent's").isFalse();
  }
}
