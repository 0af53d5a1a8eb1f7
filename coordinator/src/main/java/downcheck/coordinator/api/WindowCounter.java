package downcheck.coordinator.api;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests per key in fixed windows (a minute, say): at most {@code limit} per window, then
 * refused until the next one. Used on one event loop only; memory is bounded by dropping the
 * keys of past windows when too many are kept.
 */
final class WindowCounter {
  static final int MAX_KEYS = 100_000;

  private final int limit;
  private final long windowMs;
  private final Clock clock;
  private final Map<String, long[]> counts = new HashMap<>();

  WindowCounter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.windowMs = window.toMillis();
    this.clock = clock;
  }

  /** 0 when the request may go; else the seconds until the key's window ends. */
  synchronized long take(String key) { // the coordinator's event loops share one counter
    if (limit <= 0) {
      return 0;
    }
    long now = clock.millis();
    long window = now - now % windowMs;
    if (counts.size() >= MAX_KEYS) {
      counts.values().removeIf(c -> c[0] != window);
    }
    long[] c = counts.computeIfAbsent(key, k -> new long[] {window, 0});
    if (c[0] != window) {
      c[0] = window;
      c[1] = 0;
    }
    if (c[1] >= limit) {
      return Math.max(1, (window + windowMs - now + 999) / 1000);
    }
    c[1]++;
    return 0;
  }

  /** How many keys are kept: the bound on this counter's memory. */
  synchronized int keys() {
    return counts.size();
  }
}
