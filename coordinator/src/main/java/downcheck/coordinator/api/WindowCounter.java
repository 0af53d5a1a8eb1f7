package downcheck.coordinator.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Requests per key in fixed windows (a minute, say): at most {@code limit} per window, then
 * refused until the next one. Shared by the coordinator's event loops: a key is updated under
 * its own entry's lock, never one lock for all.
 *
 * <p>Bounded by construction: at most {@link #MAX_KEYS} keys (a Caffeine cache, W-TinyLFU), so
 * a crowd of invented clients costs a fixed amount of memory. Past the bound the cache keeps the
 * keys asked for often, so a client that used its budget is not forgotten in favour of thousands
 * that asked once; a key also goes when its window is over ({@code expireAfterWrite}: it is
 * written on every request, so it outlives the window it counts).
 */
final class WindowCounter {
  /** Keys kept at most: about 200 bytes each, some 13 MB in all. */
  static final int MAX_KEYS = 65_536;

  private final int limit;
  private final long windowMs;
  private final Clock clock;
  private final Cache<String, Window> counts;

  /** One key's window and the requests it took in it; changed only inside the cache's compute. */
  private record Window(long start, int taken) {}

  WindowCounter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.windowMs = window.toMillis();
    this.clock = clock;
    this.counts = Caffeine.newBuilder()
        .maximumSize(MAX_KEYS)
        .expireAfterWrite(window)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .executor(Runnable::run) // upkeep on the caller, amortised: no pool thread, no lag behind the bound
        .build();
  }

  /** 0 when the request may go; else the seconds until the key's window ends. */
  long take(String key) {
    if (limit <= 0) {
      return 0;
    }
    long now = clock.millis();
    long start = now - now % windowMs;
    long[] wait = {0};
    counts.asMap().compute(key, (k, w) -> {
      Window current = w == null || w.start() != start ? new Window(start, 0) : w;
      if (current.taken() >= limit) {
        wait[0] = Math.max(1, (start + windowMs - now + 999) / 1000);
        return current;
      }
      return new Window(start, current.taken() + 1);
    });
    return wait[0];
  }

  /** How many keys are kept: the bound on this counter's memory. */
  long keys() {
    counts.cleanUp();
    return counts.estimatedSize();
  }
}
