package downcheck.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  @Test
  void aCheckPastItsDeadlineIsSkipped() {
    assertThat(Admission.decide(check(List.of(), 10_000, T0.plusSeconds(12)), "eu-west", T0.plusSeconds(13)).decision())
        .isEqualTo(Admission.Decision.EXPIRED);
    // too little left to probe and still publish before the deadline
    assertThat(Admission.decide(check(List.of(), 10_000, T0.plusSeconds(12)), "eu-west", T0.plusMillis(11_700)).decision())
        .isEqualTo(Admission.Decision.EXPIRED);
  }

  @Test
  void aLateCheckGetsOnlyWhatIsLeftOfItsTime() {
    Admission a = Admission.decide(check(List.of(), 10_000, T0.plusSeconds(12)), "eu-west", T0.plusSeconds(10));
    assertThat(a.decision()).isEqualTo(Admission.Decision.RUN);
    assertThat(a.probeTimeout()).isEqualTo(Duration.ofMillis(2000).minus(Admission.PUBLISH_MARGIN));
  }
}
