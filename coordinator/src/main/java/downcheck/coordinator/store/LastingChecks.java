package downcheck.coordinator.store;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvictionPolicyComparator;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Final checks kept for their links: {@code /c/{id}} and {@code GET /api/v1/checks/{id}} answer
 * for {@link LinkSettings#retention()} after a check was made, long after {@link CheckStore}'s
 * hour. Shared by every coordinator; each check is its final view's JSON, deflated, written once
 * when the check ends and never changed (770 bytes of heap for a check of one region).
 *
 * <p>Bounded in bytes per coordinator ({@code --link-store-mb}, Hazelcast's count of the map's
 * heap) and so in entries: past the bound the oldest checks go first ({@link OldestFirst}), so a
 * crowd submitting checks costs old links their life, never the coordinator its heap. One check
 * takes at most {@link #MAX_ENTRY_BYTES}. Retention is judged by the coordinator's clock when
 * read; Hazelcast's time to live frees the entry at about the same time (docs/architecture.md).
 */
public final class LastingChecks {
  public static final String MAP_NAME = "downcheck-links";
  /** A check whose deflated view is larger than this is not kept: no one check takes more. */
  public static final int MAX_ENTRY_BYTES = 16 * 1024;
  /** Inflated, a kept view is at most this long: what a reader decodes is bounded too. */
  static final int MAX_VIEW_BYTES = 1024 * 1024;

  private final IMap<String, Kept> map;
  private final Context context;
  private final Clock clock;
  private final Duration retention;

  public LastingChecks(HazelcastInstance hazelcast, Context context, Clock clock, Duration retention) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
    this.clock = clock;
    this.retention = retention;
  }

  /** Keeps a final check for what is left of its retention; a check past it, or too large, is not kept. */
  public Future<Void> keep(CheckView finalView) {
    return keep(finalView.id(), finalView.createdAt(), Codec.toJson(finalView));
  }

  /** As {@link #keep(CheckView)}, with the view already encoded. */
  public Future<Void> keep(String id, Instant createdAt, String finalViewJson) {
    Duration left = retention.minus(Duration.between(createdAt, clock.instant()));
    if (left.isNegative() || left.isZero()) {
      return Future.succeededFuture();
    }
    byte[] deflated = deflate(finalViewJson);
    if (deflated.length > MAX_ENTRY_BYTES) {
      return Future.succeededFuture();
    }
    // Hazelcast keeps a time to live in whole seconds: rounded up, the read's own test decides
    return HazelcastFutures.onContext(map.setAsync(id, new Kept(createdAt.toEpochMilli(), deflated),
        Math.max(1, left.toSeconds() + 1), TimeUnit.SECONDS), context);
  }

  /** The final check, or null: never kept, evicted, or older than the retention by the coordinator's clock. */
  public Future<CheckView> get(String id) {
    return HazelcastFutures.onContext(map.getAsync(id), context).map(kept -> {
      if (kept == null || !clock.instant().isBefore(Instant.ofEpochMilli(kept.createdAtMs()).plus(retention))) {
        return null;
      }
      return Codec.fromJson(inflate(kept.deflated()), CheckView.class);
    });
  }

  /**
   * One compressor per thread (the few event loops that keep final checks), reset for each check:
   * a new one per check took three times as long, most of it setting up and freeing zlib's state.
   */
  private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_COMPRESSION));

  static byte[] deflate(String json) {
    Deflater deflater = DEFLATERS.get();
    deflater.reset();
    deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length() / 4));
    byte[] buf = new byte[4096];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    return out.toByteArray();
  }

  static String inflate(byte[] deflated) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("a kept check is cut short");
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_VIEW_BYTES) {
          throw new IllegalStateException("a kept check inflates past " + MAX_VIEW_BYTES + " bytes");
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IllegalStateException("a kept check does not inflate: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  /** One kept check: when it was made, and its final view's JSON deflated. */
  record Kept(long createdAtMs, byte[] deflated) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /**
   * Eviction's order: check ids begin with their creation time (base 36, fixed width), so the
   * smaller id is the older check and goes first. Hazelcast compares a sample of the map's
   * entries, so "the oldest" is the oldest of the sample.
   */
  static final class OldestFirst implements MapEvictionPolicyComparator<String, Object> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public int compare(EntryView<String, Object> a, EntryView<String, Object> b) {
      return a.getKey().compareTo(b.getKey());
    }
  }
}
