package downcheck.coordinator.agenttrust;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One agent's trust record: its recent events, at most {@link #MAX_EVENTS}, none older than the
 * window. Pure and immutable; kept in Hazelcast as one small entry per agent ({@link AgentTrust}).
 *
 * <p>The score is the sum of the events' weights, each fading linearly to nothing over the
 * window, so an agent earns its way back as its events age (docs/consensus.md, "The trust record").
 * An event is recorded once whichever coordinator reports it, and however often: events about a
 * check are equal by kind and tag (a hash of the check's id), others by kind and time.
 */
public final class TrustRecord implements Serializable {
  @Serial private static final long serialVersionUID = 1L;
  /** Past this many events in the window the oldest is forgotten: the score is far past any threshold by then. */
  static final int MAX_EVENTS = 32;
  public static final TrustRecord EMPTY = new TrustRecord(new long[0], new byte[0], new int[0]);

  /** What lowers an agent's trust, and how much. */
  public enum Kind {
    CANARY(1.0, "canary failure", "canary failures"),
    UNCONFIRMED(2.0, "unconfirmed dissent", "unconfirmed dissents"),
    LATE(1.0, "late result", "late results");

    final double weight;
    private final String one;
    private final String many;

    Kind(double weight, String one, String many) {
      this.weight = weight;
      this.one = one;
      this.many = many;
    }

    String count(int n) {
      return n + " " + (n == 1 ? one : many);
    }
  }

  private final long[] atMs;
  private final byte[] kinds;
  private final int[] tags;

  private TrustRecord(long[] atMs, byte[] kinds, int[] tags) {
    this.atMs = atMs;
    this.kinds = kinds;
    this.tags = tags;
  }

  /**
   * This record with the event, and without the events the window has left behind. The same
   * event twice is kept once; an event already out of the window is not kept.
   */
  public TrustRecord with(Kind kind, Instant at, int tag, Instant now, Duration window) {
    TrustRecord kept = within(now, window);
    long ms = at.toEpochMilli();
    if (ms <= now.toEpochMilli() - window.toMillis() || ms > now.toEpochMilli() + window.toMillis()) {
      return kept;
    }
    for (int i = 0; i < kept.atMs.length; i++) {
      // an event about a check (tag) is one per check, whenever it was seen; else one per moment
      boolean same = kept.kinds[i] == kind.ordinal() && kept.tags[i] == tag && (tag != 0 || kept.atMs[i] == ms);
      if (same) {
        return kept;
      }
    }
    int from = kept.atMs.length >= MAX_EVENTS ? 1 : 0;
    int n = kept.atMs.length - from + 1;
    long[] a = Arrays.copyOf(Arrays.copyOfRange(kept.atMs, from, kept.atMs.length), n);
    byte[] k = Arrays.copyOf(Arrays.copyOfRange(kept.kinds, from, kept.kinds.length), n);
    int[] t = Arrays.copyOf(Arrays.copyOfRange(kept.tags, from, kept.tags.length), n);
    a[n - 1] = ms;
    k[n - 1] = (byte) kind.ordinal();
    t[n - 1] = tag;
    return new TrustRecord(a, k, t);
  }

  /** The events still in the window at {@code now}. */
  public TrustRecord within(Instant now, Duration window) {
    long from = now.toEpochMilli() - window.toMillis();
    int keep = 0;
    for (long ms : atMs) {
      keep += ms > from ? 1 : 0;
    }
    if (keep == atMs.length) {
      return this;
    }
    long[] a = new long[keep];
    byte[] k = new byte[keep];
    int[] t = new int[keep];
    for (int i = 0, j = 0; i < atMs.length; i++) {
      if (atMs[i] > from) {
        a[j] = atMs[i];
        k[j] = kinds[i];
        t[j++] = tags[i];
      }
    }
    return new TrustRecord(a, k, t);
  }

  public boolean isEmpty() {
    return atMs.length == 0;
  }

  /** The sum of the events' weights, each fading linearly from its full weight to 0 over the window. */
  public double score(Instant now, Duration window) {
    double sum = 0;
    long w = window.toMillis();
    for (int i = 0; i < atMs.length; i++) {
      long age = Math.max(0, now.toEpochMilli() - atMs[i]);
      if (age < w) {
        sum += Kind.values()[kinds[i]].weight * (1.0 - (double) age / w);
      }
    }
    return sum;
  }

  /** The agent's standing: its score, and whether it is quarantined and why. */
  public Standing standing(Instant now, AgentTrustSettings settings) {
    double score = Math.round(score(now, settings.window()) * 10) / 10.0;
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    TrustRecord in = within(now, settings.window());
    for (byte k : in.kinds) {
      counts.merge(Kind.values()[k], 1, Integer::sum);
    }
    List<String> counted = new ArrayList<>();
    counts.forEach((kind, n) -> counted.add(kind.count(n)));
    String last = " in the last " + minutes(settings.window());
    boolean quarantined = score >= settings.quarantineScore();
    return new Standing(score, quarantined, counted.stream().map(c -> c + last).toList(), quarantined
        ? String.join(", ", counted) + last + String.format(Locale.ROOT, " (score %.1f, quarantined from %.1f)", score,
            settings.quarantineScore())
        : null);
  }

  private static String minutes(Duration window) {
    long m = window.toMinutes();
    return m % 60 == 0 && m > 0 ? (m / 60) + " h" : m + " min";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustRecord r && Arrays.equals(atMs, r.atMs) && Arrays.equals(kinds, r.kinds)
        && Arrays.equals(tags, r.tags);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(atMs) * 31 + Arrays.hashCode(tags);
  }

  /**
   * What {@code GET /api/v1/agents} shows of a record.
   *
   * @param score       the faded sum of the events' weights, one decimal
   * @param quarantined past the threshold: the agent's results are shown, not counted
   * @param reasons     the events in the window, by kind: "2 unconfirmed dissents in the last 1 h"
   * @param why         when quarantined, the reason each of its results carries; else null
   */
  public record Standing(double score, boolean quarantined, List<String> reasons,
                         @com.fasterxml.jackson.annotation.JsonIgnore String why) {
    public static final Standing CLEAN = new Standing(0, false, List.of(), null);

    public Standing {
      reasons = List.copyOf(reasons);
    }
  }
}
