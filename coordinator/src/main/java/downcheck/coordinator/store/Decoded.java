package downcheck.coordinator.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import downcheck.model.wire.Codec;

/**
 * The JSON a stored check holds, decoded once for the few times it is read in a row.
 *
 * <p>A check's request and each of its results are read back with every result that comes in
 * (three regions: the request three times, the first result three times...), and Jackson was a
 * fifth of the coordinator's event loops under load. The decoded records are immutable, so one
 * instance serves every reader; equal text decodes to an equal record, so keying by the text
 * is exact. Bounded: the checks in flight at a few thousand a second fit many times over.
 */
public final class Decoded {
  private static final int MAX_ENTRIES = 4096;
  private static final Cache<String, Object> CACHE = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
      .executor(Runnable::run).build(); // its upkeep on the reader, no pool thread

  private Decoded() {}

  /**
   * What {@code json} decodes to, as its reader decoded it already (a result as it came from
   * Kafka): the fold that stores that text and reads it back right after finds it here.
   */
  public static void remember(String json, Object value) {
    CACHE.put(json, value);
  }

  static <T> T of(String json, Class<T> type) {
    Object hit = CACHE.getIfPresent(json);
    if (type.isInstance(hit)) {
      return type.cast(hit);
    }
    T value = Codec.fromJson(json, type);
    CACHE.put(json, value);
    return value;
  }
}
