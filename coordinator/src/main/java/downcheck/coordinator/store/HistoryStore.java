package downcheck.coordinator.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last final checks of each host, newest first, shared by every coordinator. One entry
 * per host, appended to on its owner; kept for {@link #TTL_SECONDS} after the last check, and for
 * at most {@code --history-max-hosts} hosts per coordinator (the least recently used go first).
 *
 * <p>Every check of one host lands on the same key, so on one partition thread: an append must
 * cost next to nothing, however popular the host. The entry holds each check as the JSON it was
 * published with, never decoded on the owner, and the map keeps its values as objects
 * ({@code InMemoryFormat.OBJECT}, see {@link HazelcastSetup}), so an append copies a few
 * references instead of decoding and re-encoding the host's last {@value #MAX_PER_HOST} checks.
 */
public final class HistoryStore {
  public static final String MAP_NAME = "downcheck-history";
  public static final int MAX_PER_HOST = 50;
  public static final int TTL_SECONDS = 7 * 24 * 3600;
  /** Hosts whose history one coordinator keeps by default ({@code --history-max-hosts}): the least recently used go. */
  public static final int MAX_HOSTS_PER_NODE = 20_000;

  private final IMap<String, Checks> map;
  private final Context context;

  public HistoryStore(HazelcastInstance hazelcast, Context context) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
  }

  public Future<Void> append(String host, CheckView finalView) {
    return append(host, finalView.id(), Codec.toJson(finalView));
  }

  /** As {@link #append(String, CheckView)}, with the view already encoded (as it went out on Kafka). */
  public Future<Void> append(String host, String checkId, String finalViewJson) {
    return HazelcastFutures.onContext(map.submitToKey(host, new Append(checkId, finalViewJson)), context).mapEmpty();
  }

  /**
   * Merges final checks rebuilt after a full restart into the host's history: each check once,
   * newest first by creation, capped as usual. Checks that ended since the start stay.
   */
  public Future<Void> restore(String host, List<CheckView> finals) {
    return HazelcastFutures.onContext(map.submitToKey(host, new Restore(Codec.toJson(finals))), context).mapEmpty();
  }

  /** The last {@code limit} final checks of the host, newest first; empty for a host never checked. */
  public Future<List<CheckView>> recent(String host, int limit) {
    return recentJson(host, limit).map(list -> list.stream().map(json -> Codec.fromJson(json, CheckView.class)).toList());
  }

  /** As {@link #recent(String, int)}, each check as its JSON. */
  public Future<List<String>> recentJson(String host, int limit) {
    return HazelcastFutures.onContext(map.getAsync(host), context).map(checks -> {
      List<String> all = checks == null ? List.of() : checks.json();
      return all.subList(0, Math.min(limit, all.size()));
    });
  }

  /** A host's last final checks, newest first: their ids and their JSON, side by side. */
  record Checks(List<String> ids, List<String> json) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    Checks {
      ids = List.copyOf(ids);
      json = List.copyOf(json);
    }

    /** With this check in front, unless it is there already; the oldest beyond the cap dropped. */
    Checks with(String id, String checkJson) {
      if (ids.contains(id)) {
        return this;
      }
      int keep = Math.min(MAX_PER_HOST - 1, ids.size());
      List<String> newIds = new ArrayList<>(keep + 1);
      List<String> newJson = new ArrayList<>(keep + 1);
      newIds.add(id);
      newJson.add(checkJson);
      newIds.addAll(ids.subList(0, keep));
      newJson.addAll(json.subList(0, keep));
      return new Checks(newIds, newJson);
    }
  }

  /** Puts one final check in front, drops the oldest beyond the cap. */
  static final class Append implements EntryProcessor<String, Checks, Void>, Serializable {
    @Serial private static final long serialVersionUID = 2L;
    private final String id;
    private final String viewJson;

    Append(String id, String viewJson) {
      this.id = id;
      this.viewJson = viewJson;
    }

    @Override
    public Void process(Map.Entry<String, Checks> entry) {
      Checks now = entry.getValue() == null ? new Checks(List.of(), List.of()) : entry.getValue();
      Checks next = now.with(id, viewJson);
      if (next != now) {
        entry.setValue(next);
      }
      return null;
    }
  }

  /**
   * Merges restored checks with those already there, newest first by creation, each check once
   * (the one already there wins). Rare (once per host per full restart), so it decodes on the owner.
   */
  static final class Restore implements EntryProcessor<String, Checks, Void>, Serializable {
    @Serial private static final long serialVersionUID = 2L;
    private final String viewsJson;

    Restore(String viewsJson) {
      this.viewsJson = viewsJson;
    }

    @Override
    public Void process(Map.Entry<String, Checks> entry) {
      Map<String, Entry> byId = new LinkedHashMap<>();
      Checks now = entry.getValue();
      if (now != null) {
        for (String json : now.json()) {
          CheckView v = Codec.fromJson(json, CheckView.class);
          byId.put(v.id(), new Entry(v.createdAt(), json));
        }
      }
      for (CheckView v : Codec.fromJson(viewsJson, CheckView[].class)) {
        byId.putIfAbsent(v.id(), new Entry(v.createdAt(), Codec.toJson(v)));
      }
      List<Map.Entry<String, Entry>> merged = new ArrayList<>(byId.entrySet());
      merged.sort(Comparator.comparing((Map.Entry<String, Entry> e) -> e.getValue().createdAt()).reversed());
      List<Map.Entry<String, Entry>> kept = merged.subList(0, Math.min(MAX_PER_HOST, merged.size()));
      entry.setValue(new Checks(kept.stream().map(Map.Entry::getKey).toList(),
          kept.stream().map(e -> e.getValue().json()).toList()));
      return null;
    }

    private record Entry(Instant createdAt, String json) {}
  }
}
