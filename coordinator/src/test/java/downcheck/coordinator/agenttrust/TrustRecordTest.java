package downcheck.coordinator.agenttrust;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.agenttrust.TrustRecord.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The trust record's score, its fading, its threshold and its bounds (docs/consensus.md, "The trust record"). */
class TrustRecordTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final AgentTrustSettings DEFAULTS = AgentTrustSettings.DEFAULT;

  private static TrustRecord dissents(int n, int minutesApart) {
    TrustRecord r = TrustRecord.EMPTY;
    for (int i = 0; i < n; i++) {
      Instant at = T0.plus(Duration.ofMinutes((long) i * minutesApart));
      r = r.with(Kind.UNCONFIRMED, at, 100 + i, at, HOUR);
    }
    return r;
  }

  @Test
  void eachEventWeighsItsWeightFadingLinearlyOverTheWindow() {
    TrustRecord r = TrustRecord.EMPTY.with(Kind.UNCONFIRMED, T0, 7, T0, HOUR).with(Kind.CANARY, T0, 0, T0, HOUR);
    assertThat(r.score(T0, HOUR)).isEqualTo(3.0);
    assertThat(r.score(T0.plus(Duration.ofMinutes(30)), HOUR)).isEqualTo(1.5);
    assertThat(r.score(T0.plus(HOUR), HOUR)).isZero();
  }

  @Test
  void anAgentPastTheThresholdIsQuarantinedAndEarnsItsWayBack() {
    Instant last = T0.plus(Duration.ofMinutes(9));
    TrustRecord.Standing three = dissents(3, 3).standing(last.minus(Duration.ofMinutes(3)), DEFAULTS);
    assertThat(three.quarantined()).isFalse();
    TrustRecord.Standing four = dissents(4, 3).standing(last, DEFAULTS);
    assertThat(four.quarantined()).isTrue();
    assertThat(four.reasons()).containsExactly("4 unconfirmed dissents in the last 1 h");
    assertThat(four.why()).isEqualTo("4 unconfirmed dissents in the last 1 h (score 7.4, quarantined from 6.0)");
    assertThat(dissents(4, 3).standing(last.plus(Duration.ofMinutes(20)), DEFAULTS).quarantined()).isFalse();
  }

  @Test
  void theSameEventReportedByEveryCoordinatorCountsOnce() {
    TrustRecord once = TrustRecord.EMPTY.with(Kind.CANARY, T0, 0, T0, HOUR);
    assertThat(once.with(Kind.CANARY, T0, 0, T0.plusSeconds(1), HOUR)).isEqualTo(once);
    TrustRecord dissent = TrustRecord.EMPTY.with(Kind.UNCONFIRMED, T0, 42, T0, HOUR);
    // about one check: once, whenever each coordinator saw it
    assertThat(dissent.with(Kind.UNCONFIRMED, T0.plusSeconds(5), 42, T0.plusSeconds(5), HOUR)).isEqualTo(dissent);
    assertThat(dissent.with(Kind.UNCONFIRMED, T0.plusSeconds(5), 43, T0.plusSeconds(5), HOUR)).isNotEqualTo(dissent);
  }

  @Test
  void eventsOutOfTheWindowAreForgottenAndNeverKept() {
    TrustRecord r = TrustRecord.EMPTY.with(Kind.LATE, T0, 5, T0, HOUR);
    Instant later = T0.plus(HOUR).plusSeconds(1);
    assertThat(r.within(later, HOUR).isEmpty()).isTrue();
    assertThat(TrustRecord.EMPTY.with(Kind.LATE, T0, 6, later, HOUR).isEmpty()).isTrue();
  }

  @Test
  void aRecordKeepsAtMostItsBoundOfEvents() {
    TrustRecord r = TrustRecord.EMPTY;
    for (int i = 0; i < TrustRecord.MAX_EVENTS * 3; i++) {
      r = r.with(Kind.CANARY, T0.plusMillis(i), 0, T0.plusMillis(i), HOUR);
    }
    assertThat(r.score(T0.plusMillis(TrustRecord.MAX_EVENTS * 3), HOUR)).isCloseTo(TrustRecord.MAX_EVENTS, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void aCleanRecordStandsClean() {
    assertThat(TrustRecord.EMPTY.standing(T0, DEFAULTS)).isEqualTo(TrustRecord.Standing.CLEAN);
  }
}
