package downcheck.coordinator.operator;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import downcheck.coordinator.store.HazelcastFutures;
import downcheck.model.wire.Codec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Each agent's and region's {@link Watched} state in a Hazelcast IMap shared by every coordinator.
 * A look runs as an entry processor on the key's owner, so an event is decided once, whoever looks
 * (as a monitor's change is). An entry not written for {@link #KEPT} is forgotten.
 */
final class OperatorStates {
  static final String MAP_NAME = "downcheck-operator-state";
  static final Duration KEPT = Duration.ofDays(30);

  private final IMap<String, String> map;
  private final Context context;

  OperatorStates(HazelcastInstance hazelcast, Context context) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
  }

  /** The state after this look; the notices it decided are in its outbox. */
  Future<Watched> look(String key, Watched.Observation seen, Instant now, Watched.Delays delays, String nonce) {
    return HazelcastFutures.onContext(map.submitToKey(key, new Look(Codec.toJson(seen), now.toEpochMilli(),
        delays.impaired().toMillis(), delays.hold().toMillis(), nonce)), context)
        .map(json -> Codec.fromJson(json, Watched.class));
  }

  /** The notice was delivered (or given up): out of the outbox. */
  Future<Void> delivered(String key, String deliveryId) {
    return HazelcastFutures.onContext(map.submitToKey(key, new Delivered(deliveryId)), context).mapEmpty();
  }

  private static void put(Map.Entry<String, String> entry, Watched next) {
    ((ExtendedMapEntry<String, String>) entry).setValue(Codec.toJson(next), KEPT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One look at one agent or region, on the key's owner: the state after it, as JSON. */
  static final class Look implements EntryProcessor<String, String, String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String seenJson;
    private final long nowMs;
    private final long impairedMs;
    private final long holdMs;
    private final String nonce;

    Look(String seenJson, long nowMs, long impairedMs, long holdMs, String nonce) {
      this.seenJson = seenJson;
      this.nowMs = nowMs;
      this.impairedMs = impairedMs;
      this.holdMs = holdMs;
      this.nonce = nonce;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      Watched current = entry.getValue() == null ? null : Codec.fromJson(entry.getValue(), Watched.class);
      Watched next = Watched.step(current, Codec.fromJson(seenJson, Watched.Observation.class),
          Instant.ofEpochMilli(nowMs), new Watched.Delays(Duration.ofMillis(impairedMs), Duration.ofMillis(holdMs)),
          nonce);
      if (!next.equals(current)) {
        put(entry, next);
      }
      return Codec.toJson(next);
    }
  }

  static final class Delivered implements EntryProcessor<String, String, Void>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String deliveryId;

    Delivered(String deliveryId) {
      this.deliveryId = deliveryId;
    }

    @Override
    public Void process(Map.Entry<String, String> entry) {
      if (entry.getValue() != null) {
        Watched current = Codec.fromJson(entry.getValue(), Watched.class);
        Watched next = current.without(deliveryId);
        if (!next.equals(current)) {
          put(entry, next);
        }
      }
      return null;
    }
  }
}
