package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uptime kept as hourly buckets over the last 30 days (at most 721 of them, so a monitor's state
 * stays small whatever its interval). A run counts by the share of usable regions that found
 * the target up: 1 for UP or DEGRADED, 0 for a global outage, 2/3 for a regional outage seen in
 * one of three regions. Inconclusive runs do not count: the network could not see.
 */
public record Uptime(List<Bucket> buckets) {
  public static final Duration KEEP = Duration.ofDays(30);
  private static final long HOUR_MS = 3_600_000L;

  /** Runs of one hour: {@code up} is the sum of their up shares. */
  public record Bucket(long hour, double up, int runs) {}

  public Uptime {
    buckets = buckets == null ? List.of() : List.copyOf(buckets);
  }

  public static Uptime empty() {
    return new Uptime(List.of());
  }

  /** With one more run; buckets older than 30 days dropped. */
  public Uptime with(Instant at, Double upShare) {
    if (upShare == null) {
      return this;
    }
    long hour = at.toEpochMilli() / HOUR_MS;
    long oldest = hour - KEEP.toMillis() / HOUR_MS;
    List<Bucket> next = new ArrayList<>();
    boolean added = false;
    for (Bucket b : buckets) {
      if (b.hour() < oldest) {
        continue;
      }
      if (b.hour() == hour) {
        next.add(new Bucket(hour, b.up() + upShare, b.runs() + 1));
        added = true;
      } else {
        next.add(b);
      }
    }
    if (!added) {
      next.add(new Bucket(hour, upShare, 1));
    }
    return new Uptime(next);
  }

  /** The up share of the runs within {@code window} before {@code now}; null when there were none. */
  public Double ratio(Instant now, Duration window) {
    long hour = now.toEpochMilli() / HOUR_MS;
    long from = hour - window.toMillis() / HOUR_MS + 1;
    double up = 0;
    int runs = 0;
    for (Bucket b : buckets) {
      if (b.hour() >= from && b.hour() <= hour) {
        up += b.up();
        runs += b.runs();
      }
    }
    return runs == 0 ? null : Math.round(up / runs * 10_000) / 10_000.0;
  }

  /** {@code {"24h": .., "7d": .., "30d": ..}} as the API shows it (null where no run counted). */
  @JsonIgnore
  public Map<String, Double> summary(Instant now) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("24h", ratio(now, Duration.ofHours(24)));
    out.put("7d", ratio(now, Duration.ofDays(7)));
    out.put("30d", ratio(now, KEEP));
    return out;
  }
}
