package downcheck.coordinator.monitor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import downcheck.coordinator.store.HazelcastFutures;
import downcheck.model.wire.Codec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every notification attempt of each monitor, newest first, the last {@link #MAX_PER_MONITOR} kept (Hazelcast). */
final class DeliveryLog {
  static final String MAP_NAME = "downcheck-monitor-deliveries";
  static final int MAX_PER_MONITOR = 100;
  private static final TypeReference<List<Attempt>> LIST = new TypeReference<>() {};

  /**
   * One attempt as {@code GET /api/v1/monitors/{id}/deliveries} shows it.
   *
   * @param status the receiver's HTTP status, or null when none answered
   * @param error  why the attempt failed, or null
   */
  record Attempt(String deliveryId, String incidentId, String event, String channel, int attempt, Instant at,
      Integer status, String error) {}

  private final IMap<String, String> map;
  private final Context context;

  DeliveryLog(HazelcastInstance hazelcast, Context context) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
  }

  Future<Void> add(String monitorId, Attempt attempt) {
    return HazelcastFutures.onContext(map.submitToKey(monitorId, new Append(Codec.toJson(attempt))), context).mapEmpty();
  }

  Future<List<Attempt>> list(String monitorId) {
    return HazelcastFutures.onContext(map.getAsync(monitorId), context)
        .map(json -> json == null ? List.<Attempt>of() : decode(json));
  }

  Future<Void> remove(String monitorId) {
    return HazelcastFutures.onContext(map.deleteAsync(monitorId), context).mapEmpty();
  }

  private static List<Attempt> decode(String json) {
    try {
      return Codec.mapper().readValue(json, LIST);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Append implements EntryProcessor<String, String, Void>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String attemptJson;

    Append(String attemptJson) {
      this.attemptJson = attemptJson;
    }

    @Override
    public Void process(Map.Entry<String, String> entry) {
      List<Attempt> list = new ArrayList<>(entry.getValue() == null ? List.of() : decode(entry.getValue()));
      list.add(0, Codec.fromJson(attemptJson, Attempt.class));
      entry.setValue(Codec.toJson(list.subList(0, Math.min(MAX_PER_MONITOR, list.size()))));
      return null;
    }
  }
}
