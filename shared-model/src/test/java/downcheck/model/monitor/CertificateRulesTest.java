package downcheck.model.monitor;

import static downcheck.model.monitor.MonitorRulesTest.INTERVAL;
import static downcheck.model.monitor.MonitorRulesTest.OUTAGES;
import static downcheck.model.monitor.MonitorRulesTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.verdict.Cause;
import downcheck.model.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A certificate close to expiry is told once per crossing of certExpiryDays, and re-armed by a renewed one. */
class CertificateRulesTest {
  static final MonitorSpec.Rules RULES = new MonitorSpec.Rules(2, OUTAGES, false, 14);

  static RunOutcome run(int i, Map<String, Integer> days) {
    return new RunOutcome("c-cert" + i, Verdict.UP, T0.plusSeconds(60L * i), List.of(), 2, Cause.NONE, "up", days);
  }

  /** The certificate notices of a run of observations, each a map of region to days left. */
  static List<Change> play(MonitorSpec.Rules rules, MonitorStatus start, List<Map<String, Integer>> seen) {
    MonitorStatus s = start;
    List<Change> told = new ArrayList<>();
    for (int i = 0; i < seen.size(); i++) {
      int known = s.changes().outbox().size();
      s = MonitorRules.apply(s, rules, run(i, seen.get(i)), INTERVAL).status();
      told.addAll(s.changes().outbox().subList(known, s.changes().outbox().size()));
    }
    return told;
  }

  static Map<String, Integer> days(Object... regionAndDays) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < regionAndDays.length; i += 2) {
      m.put((String) regionAndDays[i], (Integer) regionAndDays[i + 1]);
    }
    return m;
  }

  @Test
  void crossingTheThresholdIsToldOnceWithTheFewestDaysAndTheRegionsThatSawIt() {
    List<Change> told = play(RULES, MonitorStatus.fresh(T0), List.of(days("eu", 20, "us", 20), days("eu", 13, "us", 30),
        days("eu", 12, "us", 12), days("eu", 11, "us", 11)));
    assertThat(told).hasSize(1);
    Change c = told.get(0);
    assertThat(c.event()).isEqualTo(Change.CERTIFICATE_EXPIRING);
    assertThat(c.certificate().daysLeft()).isEqualTo(13);
    assertThat(c.certificate().regions()).as("the region still served the old certificate").containsExactly("eu");
    assertThat(c.deliveryId("m-x")).isEqualTo("d-x-1");
  }

  @Test
  void aRenewedCertificateReArmsItAndTheNextCrossingIsToldAgain() {
    List<Change> told = play(RULES, MonitorStatus.fresh(T0), List.of(days("eu", 5), days("eu", 4), days("eu", 90),
        days("eu", 89), days("eu", 14)));
    assertThat(told).extracting(c -> c.certificate().daysLeft()).containsExactly(5, 14);
    assertThat(told).extracting(Change::seq).containsExactly(1L, 2L);
  }

  @Test
  void aRunThatSawNoCertificateNeitherTellsNorReArms() {
    List<Change> told = play(RULES, MonitorStatus.fresh(T0), List.of(days("eu", 5), days(), days("eu", 5)));
    assertThat(told).hasSize(1);
  }

  @Test
  void withoutCertExpiryDaysNothingIsToldButTheDaysAreKept() {
    MonitorSpec.Rules none = new MonitorSpec.Rules(2, OUTAGES, false);
    MonitorStatus s = MonitorRules.apply(MonitorStatus.fresh(T0), none, run(0, days("eu", 3)), INTERVAL).status();
    assertThat(s.changes().outbox()).isEmpty();
    assertThat(s.certificate()).isEqualTo(new CertificateSeen(3, List.of("eu"), false));
  }

  @Test
  void inMaintenanceItIsNotToldButIsAtTheFirstRunAfter() {
    MonitorStatus in = MonitorRules.maintenance(MonitorStatus.fresh(T0), RULES,
        new MaintenanceWindow.Span(T0, T0.plusSeconds(90)), T0);
    MonitorStatus s = MonitorRules.apply(in, RULES, run(0, days("eu", 5)), INTERVAL).status();
    assertThat(s.changes().outbox()).isEmpty();
    s = MonitorRules.maintenance(s, RULES, null, T0.plusSeconds(90));
    s = MonitorRules.apply(s, RULES, run(1, days("eu", 5)), INTERVAL).status();
    assertThat(s.changes().outbox()).extracting(Change::event).containsExactly(Change.CERTIFICATE_EXPIRING);
  }
}
