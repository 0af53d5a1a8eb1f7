package downcheck.coordinator.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last final checks of each host, newest first, shared by every coordinator. One entry
 * per host, appended to on its owner; kept for {@link #TTL_SECONDS} after the last check.
 */
public final class HistoryStore {
  public static final String MAP_NAME = "downcheck-history";
  public static final int MAX_PER_HOST = 50;
  public static final int TTL_SECONDS = 7 * 24 * 3600;
  private static final TypeReference<List<CheckView>> LIST = new TypeReference<>() {};

  private final IMap<String, String> map;
  private final Context context;

  public HistoryStore(HazelcastInstance hazelcast, Context context) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
  }

  public Future<Void> append(String host, CheckView finalView) {
    return Future.fromCompletionStage(map.submitToKey(host, new Append(Codec.toJson(finalView))), context).mapEmpty();
  }

  /**
   * Merges final checks rebuilt after a full restart into the host's history: each check once,
   * newest first by creation, capped as usual. Checks that ended since the start stay.
   */
  public Future<Void> restore(String host, List<CheckView> finals) {
    return Future.fromCompletionStage(map.submitToKey(host, new Restore(Codec.toJson(finals))), context).mapEmpty();
  }

  /** The last {@code limit} final checks of the host, newest first; empty for a host never checked. */
  public Future<List<CheckView>> recent(String host, int limit) {
    return Future.fromCompletionStage(map.getAsync(host), context).map(json -> {
      List<CheckView> all = json == null ? List.of() : decode(json);
      return all.subList(0, Math.min(limit, all.size()));
    });
  }

  private static List<CheckView> decode(String json) {
    try {
      return Codec.mapper().readValue(json, LIST);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Puts one final check in front, drops the oldest beyond the cap. */
  static final class Append implements EntryProcessor<String, String, Void>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String viewJson;

    Append(String viewJson) {
      this.viewJson = viewJson;
    }

    @Override
    public Void process(Map.Entry<String, String> entry) {
      List<CheckView> list = new ArrayList<>(entry.getValue() == null ? List.of() : decode(entry.getValue()));
      CheckView view = Codec.fromJson(viewJson, CheckView.class);
      if (list.stream().noneMatch(v -> v.id().equals(view.id()))) {
        list.add(0, view);
      }
      entry.setValue(Codec.toJson(list.subList(0, Math.min(MAX_PER_HOST, list.size()))));
      return null;
    }
  }

  /** Merges restored checks with those already there, newest first by creation. */
  static final class Restore implements EntryProcessor<String, String, Void>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String viewsJson;

    Restore(String viewsJson) {
      this.viewsJson = viewsJson;
    }

    @Override
    public Void process(Map.Entry<String, String> entry) {
      Map<String, CheckView> byId = new java.util.LinkedHashMap<>();
      (entry.getValue() == null ? List.<CheckView>of() : decode(entry.getValue())).forEach(v -> byId.put(v.id(), v));
      decode(viewsJson).forEach(v -> byId.putIfAbsent(v.id(), v));
      List<CheckView> merged = new ArrayList<>(byId.values());
      merged.sort(java.util.Comparator.comparing(CheckView::createdAt).reversed());
      entry.setValue(Codec.toJson(merged.subList(0, Math.min(MAX_PER_HOST, merged.size()))));
      return null;
    }
  }
}
