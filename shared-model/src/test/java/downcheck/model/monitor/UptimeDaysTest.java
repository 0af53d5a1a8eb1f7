package downcheck.model.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.wire.Codec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daily uptime the status pages draw as 90 bars: bounded, by UTC day, rebuilt from the hourly buckets. */
class UptimeDaysTest {
  static final Instant NOON = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void eachUtcDayIsOneBarTodayLastAndADayWithoutARunIsNone() {
    Uptime u = Uptime.empty().with(NOON.minus(Duration.ofDays(2)), 0.0).with(NOON.minus(Duration.ofDays(2)), 1.0)
        .with(NOON, 1.0).with(NOON.plusSeconds(60), null);
    List<Double> days = u.daily(NOON, 90);
    assertThat(days).hasSize(90);
    assertThat(days.get(89)).isEqualTo(1.0);
    assertThat(days.get(88)).isNull();
    assertThat(days.get(87)).isEqualTo(0.5);
    assertThat(u.ratioOfDays(NOON, 90)).isEqualTo(2.0 / 3, org.assertj.core.data.Offset.offset(0.0001));
  }

  @Test
  void daysOlderThanNinetyAreDroppedSoAStateStaysSmall() {
    Uptime u = Uptime.empty();
    for (int d = 200; d >= 0; d--) {
      u = u.with(NOON.minus(Duration.ofDays(d)), d == 89 ? 0.0 : 1.0);
    }
    assertThat(u.days()).hasSize(Uptime.KEEP_DAYS);
    assertThat(u.daily(NOON, 90).get(0)).as("89 days ago is the first bar").isEqualTo(0.0);
    assertThat(u.ratioOfDays(NOON, 90)).isEqualTo(Math.round(89 / 90.0 * 10_000) / 10_000.0);
  }

  @Test
  void aStateWrittenBeforeTheDailyBucketsGetsThemFromItsHourlyOnes() {
    long hour = NOON.toEpochMilli() / 3_600_000L;
    String old = "{\"buckets\":[{\"hour\":" + (hour - 24) + ",\"up\":2.0,\"runs\":2},{\"hour\":" + hour
        + ",\"up\":0.5,\"runs\":1},{\"hour\":" + (hour + 1) + ",\"up\":0.0,\"runs\":1}]}";
    Uptime u = Codec.fromJson(old, Uptime.class);
    assertThat(u.daily(NOON, 2)).containsExactly(1.0, 0.25);
    assertThat(Codec.fromJson(Codec.toJson(u), Uptime.class)).isEqualTo(u);
  }
}
