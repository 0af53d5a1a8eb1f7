package downcheck.coordinator.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import downcheck.model.check.CheckOptions;
import downcheck.model.check.Expect;
import downcheck.model.check.Target;
import downcheck.model.wire.Codec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Which check answers a repeated question: the same target, probed the same way from the same
 * regions, while one is in flight or a few seconds after. Shared by every coordinator, so the
 * network sends a popular target one set of probes however many people ask.
 */
public final class RecentChecks {
  public static final String MAP_NAME = "downcheck-recent";

  private final IMap<String, String> map;
  private final Context context;

  public RecentChecks(HazelcastInstance hazelcast, Context context) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
  }

  /** What makes two checks the same probes: not the asker's view, nor the slowness threshold. */
  public static String key(Target target, List<String> regions, Expect expect, int timeoutMs) {
    return key(target, regions, expect, timeoutMs, CheckOptions.DEFAULT);
  }

  /**
   * As above, the check's options (request shape, family, the dns, ping and trace kinds' settings) and the whole
   * expectation included: a different method, header, body or expectation is another question.
   * Past the plain fields they enter as a digest, so a key stays short whatever the body.
   */
  public static String key(Target target, List<String> regions, Expect expect, int timeoutMs, CheckOptions options) {
    String plain = target.kind().wire() + " " + target.normalized() + " " + new TreeSet<>(regions) + " "
        + new TreeSet<>(expect.status()) + " " + (expect.bodyContains() == null ? "" : expect.bodyContains().length()
        + ":" + expect.bodyContains()) + " " + timeoutMs;
    boolean plainExpect = expect.equals(new Expect(expect.status(), expect.bodyContains()));
    if (plainExpect && options.equals(CheckOptions.DEFAULT)) {
      return plain;
    }
    return plain + " " + digest(Codec.toJson(expect) + "\n" + Codec.toJson(options));
  }

  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Claims the key for {@code checkId} for {@code ttl}. Succeeds with null when the new check
   * got it, or with the id of the live check that already holds it. A {@code fresh} check
   * takes the key over, so later askers share its newer probes.
   */
  public Future<String> claim(String key, String checkId, Duration ttl, boolean fresh) {
    return HazelcastFutures.onContext(map.submitToKey(key, new Claim(checkId, ttl.toMillis(), fresh)), context);
  }

  /** The id of the check that holds the key now, or null; claims nothing. */
  public Future<String> holder(String key) {
    return HazelcastFutures.onContext(map.getAsync(key), context);
  }

  /** Gives the key up if {@code checkId} still holds it: a check that never started answers nothing. */
  public Future<Void> release(String key, String checkId) {
    return HazelcastFutures.onContext(map.submitToKey(key, new Release(checkId)), context).mapEmpty();
  }

  static final class Release implements EntryProcessor<String, String, Void>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String checkId;

    Release(String checkId) {
      this.checkId = checkId;
    }

    @Override
    public Void process(Map.Entry<String, String> entry) {
      if (checkId.equals(entry.getValue())) {
        entry.setValue(null);
      }
      return null;
    }
  }

  static final class Claim implements EntryProcessor<String, String, String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String checkId;
    private final long ttlMs;
    private final boolean fresh;

    Claim(String checkId, long ttlMs, boolean fresh) {
      this.checkId = checkId;
      this.ttlMs = ttlMs;
      this.fresh = fresh;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      if (!fresh && entry.getValue() != null) {
        return entry.getValue();
      }
      ((ExtendedMapEntry<String, String>) entry).setValue(checkId, ttlMs, TimeUnit.MILLISECONDS);
      return null;
    }
  }
}
