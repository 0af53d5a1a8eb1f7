package downcheck.coordinator.verdict;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verdict event decoded once for every stream of this coordinator that sends it on.
 *
 * <p>The feed hands each event to the local streams as its JSON: every stream following the
 * check and every live stream decoded it on its own, and encoded its check again, so a crowd of N
 * followers cost N decodes and N encodes a verdict. A verdict this coordinator publishes is
 * remembered as it is sent, decoded and with its check's JSON; one read from Kafka is decoded by
 * its first stream and found by the others. Keyed by the event's text: equal text decodes to an
 * equal, immutable event. Bounded by the characters it holds: an event is wanted for the
 * milliseconds between its publication and its last stream.
 */
public final class SharedEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SharedEvents.class);
  /**
   * At most this many characters of events held: about 2,000 finals of three regions, a second
   * or more of a coordinator's verdicts at full load, some 12 MB with their decoded forms (6 KB each).
   */
  static final long MAX_CHARS = 4L * 1024 * 1024;
  private static final Cache<String, Shared> CACHE = Caffeine.newBuilder()
      .maximumWeight(MAX_CHARS).weigher((String json, Shared s) -> json.length())
      .executor(Runnable::run).build(); // its upkeep on the caller, no pool thread

  private SharedEvents() {}

  /** An event and its check's JSON, encoded at most once. */
  public static final class Shared {
    private final VerdictEvent event;
    private volatile String checkJson;

    Shared(VerdictEvent event, String checkJson) {
      this.event = event;
      this.checkJson = checkJson;
    }

    public VerdictEvent event() {
      return event;
    }

    /** The check's JSON as {@link Codec#toJson} writes it; two loops may encode it at once, to the same text. */
    public String checkJson() {
      String json = checkJson;
      if (json == null) {
        json = Codec.toJson(event.check());
        checkJson = json;
      }
      return json;
    }
  }

  /** A verdict as this coordinator sends it: {@code json} encodes {@code event}, whose check encodes to {@code checkJson}. */
  static void remember(String json, VerdictEvent event, String checkJson) {
    CACHE.put(json, new Shared(event, checkJson));
  }

  /** The event {@code json} holds, decoded once for all streams; null when it is malformed (logged). */
  public static Shared of(String json) {
    Shared hit = CACHE.getIfPresent(json);
    if (hit != null) {
      return hit;
    }
    VerdictEvent event;
    try {
      event = Codec.fromJson(json, VerdictEvent.class);
    } catch (MalformedMessageException e) {
      LOG.warn("skipping malformed verdict event: {}", e.getMessage());
      return null;
    }
    Shared shared = new Shared(event, null);
    CACHE.put(json, shared);
    return shared;
  }
}
