package downcheck.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WindowCounterTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:10Z");

  @Test
  void aKeyMayGoUpToTheLimitThenWaitsForTheNextWindow() {
    WindowCounter c = new WindowCounter(2, Duration.ofMinutes(1), Clock.fixed(T0, ZoneOffset.UTC));
    assertThat(c.take("a")).isZero();
    assertThat(c.take("a")).isZero();
    assertThat(c.take("a")).isEqualTo(50); // the window ends at 10:01:00
    assertThat(c.take("b")).isZero();

    WindowCounter next = new WindowCounter(2, Duration.ofMinutes(1), Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
    assertThat(next.take("a")).isZero();
  }

  @Test
  void aNewWindowStartsTheCountAgain() {
    MutableClock clock = new MutableClock(T0);
    WindowCounter c = new WindowCounter(1, Duration.ofMinutes(1), clock);
    assertThat(c.take("a")).isZero();
    assertThat(c.take("a")).isPositive();
    clock.now = T0.plusSeconds(50);
    assertThat(c.take("a")).isZero();
  }

  @Test
  void noLimitMeansNoLimit() {
    WindowCounter c = new WindowCounter(0, Duration.ofMinutes(1), Clock.fixed(T0, ZoneOffset.UTC));
    for (int i = 0; i < 1000; i++) {
      assertThat(c.take("a")).isZero();
    }
  }

  @Test
  void keysOfPastWindowsAreDropped() {
    MutableClock clock = new MutableClock(T0);
    WindowCounter c = new WindowCounter(1, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 1000; i++) {
      c.take("k" + i);
    }
    assertThat(c.keys()).isEqualTo(1000);
    clock.now = T0.plusSeconds(120);
    assertThat(c.take("new")).isZero();
    // the old window's keys went: only the new one is kept
    assertThat(c.keys()).isEqualTo(1);
  }

  @Test
  void aCrowdOfDistinctClientsWithinOneWindowKeepsTheCounterBoundedAndQuickAndTheHeavyClientLimited() {
    MutableClock clock = new MutableClock(T0);
    WindowCounter c = new WindowCounter(5, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 5; i++) {
      assertThat(c.take("addr:heavy")).isZero();
    }
    assertThat(c.take("addr:heavy")).as("the heavy client used its minute").isPositive();
    // 200k invented clients in the same minute, each asking once: each is let through, once
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int i = 0; i < 200_000; i++) {
        clock.now = T0.plusMillis(i / 5_000); // all within the minute
        assertThat(c.take("key:" + i)).isZero();
        if (i % 20_000 == 0) {
          assertThat(c.take("addr:heavy")).as("still limited after %d others", i).isPositive();
        }
      }
    });
    assertThat(c.keys()).isLessThanOrEqualTo(WindowCounter.MAX_KEYS);
    assertThat(c.take("addr:heavy")).as("the heavy client is not forgotten for the crowd").isPositive();
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
