package downcheck.model.monitor;

import static downcheck.model.monitor.MonitorRulesTest.G;
import static downcheck.model.monitor.MonitorRulesTest.OUTAGES;
import static downcheck.model.monitor.MonitorRulesTest.T0;
import static downcheck.model.monitor.MonitorRulesTest.U;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.monitor.MaintenanceWindow.Span;
import downcheck.model.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Maintenance: the runs go on, no one is told, uptime does not count them, and leaving it tells what differs once. */
class MaintenanceRulesTest {
  static final MonitorSpec.Rules RULES = new MonitorSpec.Rules(2, OUTAGES, false);
  static final Span WINDOW = new Span(T0.plusSeconds(60 * 3), T0.plusSeconds(60 * 8));

  /** Runs one a minute from T0; the window holds runs 3 to 7; what each step and the leaving told. */
  record Played(MonitorStatus last, List<String> told, List<MonitorState> shown) {}

  static Played play(Verdict... verdicts) {
    MonitorStatus s = MonitorStatus.fresh(T0);
    List<String> told = new ArrayList<>();
    List<MonitorState> shown = new ArrayList<>();
    for (int i = 0; i < verdicts.length; i++) {
      Instant at = T0.plusSeconds(60L * i);
      MonitorStatus before = s;
      s = MonitorRules.maintenance(s, RULES, WINDOW.contains(at) ? WINDOW : null, at);
      s = MonitorRules.apply(s, RULES, MonitorRulesTest.run(i, verdicts[i]), MonitorRulesTest.INTERVAL).status();
      int known = before.changes().outbox().size();
      s.changes().outbox().stream().skip(known).forEach(c -> told.add(c.event()));
      s = drain(s);
      shown.add(s.inMaintenance() ? MonitorState.MAINTENANCE : s.state());
    }
    return new Played(s, told, shown);
  }

  static MonitorStatus drain(MonitorStatus s) {
    for (Change c : s.changes().outbox()) {
      s = s.delivered(c.seq());
    }
    return s;
  }

  @Test
  void anOutageInsideAWindowIsToldOnceAfterItWhenItIsStillOn() {
    Played p = play(U, U, U, G, G, G, G, G, G, G);
    assertThat(p.shown()).containsExactly(MonitorState.PENDING, MonitorState.UP, MonitorState.UP, MonitorState.MAINTENANCE,
        MonitorState.MAINTENANCE, MonitorState.MAINTENANCE, MonitorState.MAINTENANCE, MonitorState.MAINTENANCE,
        MonitorState.GLOBAL_OUTAGE, MonitorState.GLOBAL_OUTAGE);
    assertThat(p.told()).containsExactly(Change.DOWN);
    assertThat(p.last().confirmed().alerted()).isTrue();
  }

  @Test
  void anOutageThatEndsInsideTheWindowIsNeverTold() {
    Played p = play(U, U, U, G, G, G, U, U, U, U);
    assertThat(p.told()).isEmpty();
    assertThat(p.last().changes().incidents()).as("the runs still saw it").hasSize(1);
  }

  @Test
  void anOutageToldBeforeTheWindowThatEndsInsideItHasItsRecoveryToldAfterIt() {
    Played p = play(U, G, G, U, U, U, U, U, U, U);
    assertThat(p.told()).containsExactly(Change.DOWN, Change.UP);
    assertThat(p.last().confirmed().alerted()).isFalse();
  }

  @Test
  void anOutageToldBeforeTheWindowAndStillOnAfterItIsNotToldAgain() {
    Played p = play(U, G, G, G, U, U, G, G, G, G);
    assertThat(p.told()).containsExactly(Change.DOWN);
  }

  @Test
  void runsInsideTheWindowAreNotCountedInUptime() {
    Played p = play(U, U, U, G, G, G, G, G, U, U);
    Uptime.Bucket bucket = p.last().uptime().buckets().get(0);
    assertThat(bucket.runs()).as("runs 0-2 and 8-9").isEqualTo(5);
    assertThat(p.last().uptime().ratio(T0.plusSeconds(600), Duration.ofHours(24))).isEqualTo(1.0);
  }

  @Test
  void theHoldKeepsItsStartAndFollowsAWindowThatGrows() {
    MonitorStatus s = MonitorStatus.fresh(T0);
    MonitorStatus in = MonitorRules.maintenance(s, RULES, WINDOW, T0);
    assertThat(in.maintenance()).isEqualTo(new MonitorStatus.Hold(WINDOW.start(), WINDOW.end(), MonitorState.PENDING));
    assertThat(MonitorRules.maintenance(in, RULES, WINDOW, T0)).isSameAs(in);
    Span longer = new Span(T0, WINDOW.end().plusSeconds(600));
    assertThat(MonitorRules.maintenance(in, RULES, longer, T0).maintenance().until()).isEqualTo(longer.end());
    assertThat(MonitorRules.maintenance(in, RULES, longer, T0).maintenance().since()).isEqualTo(WINDOW.start());
    assertThat(MonitorRules.maintenance(s, RULES, null, T0)).isSameAs(s);
  }
}
