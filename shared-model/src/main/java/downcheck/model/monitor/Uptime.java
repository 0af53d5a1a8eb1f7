package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Uptime kept as hourly buckets over the last 30 days (at most 721 of them) and daily ones (UTC
 * days) over the last 90 (at most 90, for the status pages' bars), so a monitor's state stays
 * small whatever its interval. A run counts by the share of usable regions that found the target
 * up: 1 for UP or DEGRADED, 0 for a global outage, 2/3 for a regional outage seen in one of three
 * regions. Inconclusive runs do not count: the network could not see. A state written before the
 * daily buckets existed gets them from its hourly ones.
 */
public record Uptime(List<Bucket> buckets, List<Day> days) {
  public static final Duration KEEP = Duration.ofDays(30);
  /** The days of daily buckets kept, today (UTC) included. */
  public static final int KEEP_DAYS = 90;
  private static final long HOUR_MS = 3_600_000L;
  private static final long DAY_MS = 86_400_000L;

  /** Runs of one hour: {@code up} is the sum of their up shares. */
  public record Bucket(long hour, double up, int runs) {}

  /** Runs of one UTC day ({@code day}: days since 1970-01-01), as {@link Bucket}. */
  public record Day(long day, double up, int runs) {}

  public Uptime {
    buckets = buckets == null ? List.of() : List.copyOf(buckets);
    days = days == null ? fromHours(buckets) : List.copyOf(days);
  }

  public static Uptime empty() {
    return new Uptime(List.of(), List.of());
  }

  /** With one more run; hourly buckets older than 30 days and daily ones older than 90 dropped. */
  public Uptime with(Instant at, Double upShare) {
    if (upShare == null) {
      return this;
    }
    long hour = at.toEpochMilli() / HOUR_MS;
    List<Bucket> nextHours = new ArrayList<>();
    boolean added = false;
    for (Bucket b : buckets) {
      if (b.hour() < hour - KEEP.toMillis() / HOUR_MS) {
        continue;
      }
      added |= b.hour() == hour;
      nextHours.add(b.hour() == hour ? new Bucket(hour, b.up() + upShare, b.runs() + 1) : b);
    }
    if (!added) {
      nextHours.add(new Bucket(hour, upShare, 1));
    }
    long day = at.toEpochMilli() / DAY_MS;
    List<Day> nextDays = new ArrayList<>();
    added = false;
    for (Day d : days) {
      if (d.day() <= day - KEEP_DAYS) {
        continue;
      }
      added |= d.day() == day;
      nextDays.add(d.day() == day ? new Day(day, d.up() + upShare, d.runs() + 1) : d);
    }
    if (!added) {
      nextDays.add(new Day(day, upShare, 1));
    }
    return new Uptime(nextHours, nextDays);
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
    return share(up, runs);
  }

  /**
   * The up share of each of the last {@code n} UTC days (at most {@link #KEEP_DAYS}), oldest first,
   * today last; null for a day without a run that counted.
   */
  public List<Double> daily(Instant now, int n) {
    int count = Math.min(n, KEEP_DAYS);
    long today = now.toEpochMilli() / DAY_MS;
    Double[] out = new Double[count];
    for (Day d : days) {
      long i = d.day() - (today - count + 1);
      if (i >= 0 && i < count) {
        out[(int) i] = share(d.up(), d.runs());
      }
    }
    return Arrays.asList(out);
  }

  /** The up share of the runs of the last {@code n} UTC days, today included; null when there were none. */
  public Double ratioOfDays(Instant now, int n) {
    long from = now.toEpochMilli() / DAY_MS - n + 1;
    double up = 0;
    int runs = 0;
    for (Day d : days) {
      if (d.day() >= from) {
        up += d.up();
        runs += d.runs();
      }
    }
    return share(up, runs);
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

  private static Double share(double up, int runs) {
    return runs == 0 ? null : Math.round(up / runs * 10_000) / 10_000.0;
  }

  /** The daily buckets the hourly ones add up to (a state from before the daily ones). */
  private static List<Day> fromHours(List<Bucket> hours) {
    Map<Long, Day> byDay = new TreeMap<>();
    for (Bucket b : hours) {
      long day = b.hour() * HOUR_MS / DAY_MS;
      byDay.merge(day, new Day(day, b.up(), b.runs()), (a, c) -> new Day(day, a.up() + c.up(), a.runs() + c.runs()));
    }
    return List.copyOf(byDay.values());
  }
}
