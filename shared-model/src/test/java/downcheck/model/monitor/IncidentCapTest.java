package downcheck.model.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.verdict.Cause;
import downcheck.model.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A monitor keeps its last 50 incidents, newest first (docs/monitors.md, Incidents). Played on
 * the rule itself: 51 real incidents end to end take over 100 runs at one a second at best.
 */
class IncidentCapTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final MonitorSpec.Rules ONE_RUN_DECIDES = new MonitorSpec.Rules(1,
      List.of(MonitorState.GLOBAL_OUTAGE, MonitorState.REGIONAL_OUTAGE), false);

  @Test
  void aMonitorKeepsItsLastFiftyIncidentsNewestFirstTheOldestDropped() {
    MonitorStatus s = MonitorStatus.fresh(T0);
    int outages = MonitorRules.MAX_INCIDENTS + 1;
    for (int i = 0; i < outages; i++) {
      s = apply(s, "c-down" + i, Verdict.GLOBAL_OUTAGE, 2 * i);
      if (i < outages - 1) {
        s = apply(s, "c-up" + i, Verdict.UP, 2 * i + 1);
      }
    }

    assertThat(MonitorRules.MAX_INCIDENTS).isEqualTo(50);
    assertThat(s.changes().incidents()).hasSize(50);
    assertThat(s.changes().incidents()).extracting(Incident::startedAt).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(s.changes().incidents().get(0).id()).isEqualTo("i-down50");
    assertThat(s.openIncident()).isSameAs(s.changes().incidents().get(0));
    assertThat(s.changes().incidents().get(49).id()).as("the oldest kept").isEqualTo("i-down1");
    assertThat(s.changes().incidents()).extracting(Incident::id).doesNotContain("i-down0");
    assertThat(s.changes().incidents().subList(1, 50)).allMatch(i -> i.endedAt() != null);
  }

  private static MonitorStatus apply(MonitorStatus s, String checkId, Verdict verdict, int minute) {
    boolean down = verdict == Verdict.GLOBAL_OUTAGE;
    RunOutcome run = new RunOutcome(checkId, verdict, T0.plusSeconds(60L * minute),
        down ? List.of("eu-west", "us-east") : List.of(), down ? 0 : 2, down ? Cause.REFUSED : Cause.NONE, verdict.name());
    return MonitorRules.apply(s, ONE_RUN_DECIDES, run, Duration.ofSeconds(60)).status();
  }
}
