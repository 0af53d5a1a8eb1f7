package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OpenChecksTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void fullAtItsMostUntilACheckIsClosed() {
    OpenChecks open = new OpenChecks(2, new MutableClock(T0));
    assertThat(open.tryOpen("a", T0.plusSeconds(10).toEpochMilli())).isTrue();
    assertThat(open.full()).isFalse();
    assertThat(open.tryOpen("b", T0.plusSeconds(10).toEpochMilli())).isTrue();
    assertThat(open.full()).isTrue();
    assertThat(open.tryOpen("c", T0.plusSeconds(10).toEpochMilli())).isFalse();
    open.close("a");
    assertThat(open.tryOpen("c", T0.plusSeconds(10).toEpochMilli())).isTrue();
    assertThat(open.count()).isEqualTo(2);
  }

  @Test
  void aCheckPastItsDeadlineWhoseFinalWasNotSeenFreesItsRoomButTheOpenChecksAreNotWalkedOnEveryRefusal() {
    MutableClock clock = new MutableClock(T0);
    OpenChecks open = new OpenChecks(1, clock);
    assertThat(open.tryOpen("lost", T0.plusSeconds(1).toEpochMilli())).isTrue();
    assertThat(open.tryOpen("next", T0.plusSeconds(10).toEpochMilli())).as("full, nothing past its deadline").isFalse();

    clock.now = T0.plusSeconds(1).minusMillis(10);
    assertThat(open.tryOpen("next", T0.plusSeconds(10).toEpochMilli())).as("walked, nothing lapsed yet").isFalse();
    clock.now = T0.plusSeconds(1).plusMillis(OpenChecks.SWEEP_EVERY_MS / 2 - 10);
    // past the deadline, but the last walk was less than SWEEP_EVERY_MS ago: still refused, cheaply
    assertThat(open.tryOpen("next", T0.plusSeconds(10).toEpochMilli())).isFalse();

    clock.now = T0.plusSeconds(2);
    assertThat(open.tryOpen("next", T0.plusSeconds(10).toEpochMilli())).as("the lapsed check forgotten").isTrue();
    assertThat(open.count()).isEqualTo(1);
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
