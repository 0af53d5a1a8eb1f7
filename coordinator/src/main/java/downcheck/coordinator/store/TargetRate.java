package downcheck.coordinator.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How often the network probes one host, counted across every coordinator: at most
 * {@code limit} new sets of probes per window, so the network never adds much to a target
 * that is already struggling. Coalesced answers send no probes and are not counted.
 *
 * <p>A share of each window is kept for monitor runs: ad-hoc checks stop at {@code limit}
 * minus the reserve, monitor runs may take all of it, so a crowd of ad-hoc checks of a host
 * cannot keep its monitors from running (docs/security.md, "A crowd of clients").
 */
public final class TargetRate {
  public static final String MAP_NAME = "downcheck-target-rate";

  private final IMap<String, String> map;
  private final Context context;
  private final int limit;
  private final int reserved;
  private final Duration window;

  /** Who asks for probes: an ad-hoc check stops short of the monitors' reserve, a monitor run does not. */
  public enum Use { AD_HOC, MONITOR_RUN }

  /** {@code monitorSharePercent}: the share of {@code limit} (rounded down) only monitor runs may take. */
  public TargetRate(HazelcastInstance hazelcast, Context context, int limit, int monitorSharePercent, Duration window) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
    this.limit = limit;
    this.reserved = limit * monitorSharePercent / 100;
    this.window = window;
  }

  /** Succeeds with 0 when a new set of probes may go to the host, else the seconds to wait. */
  public Future<Long> take(String host, Instant now, Use use) {
    if (limit <= 0) {
      return Future.succeededFuture(0L);
    }
    int cap = use == Use.MONITOR_RUN ? limit : limit - reserved;
    return HazelcastFutures.onContext(map.submitToKey(host, new Take(now.toEpochMilli(), window.toMillis(), cap)),
        context);
  }

  static final class Take implements EntryProcessor<String, String, Long>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final long nowMs;
    private final long windowMs;
    /** The most this taker may count to: the whole limit for a monitor run, short of the reserve for others. */
    private final int limit;

    Take(long nowMs, long windowMs, int limit) {
      this.nowMs = nowMs;
      this.windowMs = windowMs;
      this.limit = limit;
    }

    @Override
    public Long process(Map.Entry<String, String> entry) {
      long window = nowMs - nowMs % windowMs;
      long count = 0;
      if (entry.getValue() != null) {
        String[] parts = entry.getValue().split(":");
        if (Long.parseLong(parts[0]) == window) {
          count = Long.parseLong(parts[1]);
        }
      }
      if (count >= limit) {
        return Math.max(1, (window + windowMs - nowMs + 999) / 1000);
      }
      ((ExtendedMapEntry<String, String>) entry).setValue(window + ":" + (count + 1), 2 * windowMs, TimeUnit.MILLISECONDS);
      return 0L;
    }
  }
}
