package downcheck.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The system's clock, moved ahead by as much as the test says: a coordinator on it lives
 * through a minute's limit or a day's watch without the test waiting. Agents keep the system
 * clock: a coordinator ahead of them sets later deadlines, which they honour, while one behind
 * them would hand out checks they skip as already past. Heartbeats are stamped by the agents'
 * clock, so an agent stays live to a coordinator this far ahead only while three of its
 * {@code --heartbeat-interval-ms} exceed the distance.
 */
public final class MovableClock extends Clock {
  private volatile Duration ahead = Duration.ZERO;

  /** Puts the clock {@code by} ahead of the system's, in all. */
  public void ahead(Duration by) {
    ahead = by;
  }

  /** Moves the clock forward by {@code by} more. */
  public synchronized void forward(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward, not by " + by);
    }
    ahead = ahead.plus(by);
  }

  /** Moves the clock forward to {@code to}, if it is not there yet. */
  public synchronized void forwardTo(Instant to) {
    Duration by = Duration.between(instant(), to);
    if (!by.isNegative()) {
      forward(by);
    }
  }

  /** Moves the clock to the start of the next minute; returns that minute's start. */
  public Instant toNextMinute() {
    Instant next = instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    forwardTo(next);
    return next;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
