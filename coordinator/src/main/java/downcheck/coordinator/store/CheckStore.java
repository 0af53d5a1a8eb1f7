package downcheck.coordinator.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.wire.Codec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Check state in a Hazelcast IMap shared by every coordinator. Updates run as entry
 * processors on the key's owner, so two coordinators adding results to one check never lose
 * one. Every call is asynchronous and completes on the caller's Vert.x context.
 */
public final class CheckStore {
  public static final String MAP_NAME = "downcheck-checks";
  /** Deadlines of checks not yet closed, so any coordinator can close a check whose creator died. */
  public static final String DEADLINES = "downcheck-deadlines";

  private final IMap<String, String> map;
  private final IMap<String, Long> deadlines;
  private final Context context;
  private final long ttlSeconds;

  public CheckStore(HazelcastInstance hazelcast, Context context, long ttlSeconds) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.deadlines = hazelcast.getMap(DEADLINES);
    this.context = context;
    this.ttlSeconds = ttlSeconds;
  }

  public Future<Void> create(CheckRecord record) {
    Future<Void> stored = Future.fromCompletionStage(
        map.setAsync(record.id(), Codec.toJson(record), ttlSeconds, TimeUnit.SECONDS), context);
    if (record.sharedFrom() != null) {
      return stored; // closed with the check it shares
    }
    return stored.compose(v -> Future.fromCompletionStage(deadlines.setAsync(record.id(),
        record.request().deadline().toEpochMilli(), ttlSeconds, TimeUnit.SECONDS), context));
  }

  /**
   * Checks past their deadline whose keys this member owns: each coordinator sweeps its own
   * partitions, so no two close the same check, and partitions of a departed member move on.
   */
  public Future<List<String>> dueOnThisMember(Instant cutoff) {
    return context.executeBlocking(() -> new ArrayList<>(
        deadlines.localKeySet(Predicates.lessEqual("this", cutoff.toEpochMilli()))), false);
  }

  /** The check is closed: no sweeper needs to look at it again. */
  public Future<Void> forget(String id) {
    return Future.fromCompletionStage(deadlines.deleteAsync(id), context).mapEmpty();
  }

  /** The record, or null for an unknown (or expired) id. */
  public Future<CheckRecord> get(String id) {
    return Future.fromCompletionStage(map.getAsync(id), context).map(CheckStore::decode);
  }

  /** Adds a result; succeeds with the new record, or null when it changed nothing. */
  public Future<CheckRecord> addResult(ProbeResult result) {
    return Future.fromCompletionStage(map.submitToKey(result.checkId(), new AddResult(Codec.toJson(result))), context)
        .map(CheckStore::decode);
  }

  /**
   * Freezes the check if its deadline has passed; succeeds with the final record, or null.
   * {@code knownImpaired}: the agents the network knows to be impaired now (silent regions of
   * theirs are IMPAIRED, not MISSING).
   */
  public Future<CheckRecord> finalizeDue(String id, Instant now, List<LocalIssue> knownImpaired) {
    return Future.fromCompletionStage(map.submitToKey(id, new FinalizeDue(now, Codec.toJson(knownImpaired))), context)
        .map(CheckStore::decode);
  }

  /**
   * Puts back a check that was final before a full restart (rebuilt from downcheck.verdicts), kept
   * for what is left of its TTL. A check the cluster already holds is left as it is.
   */
  public Future<Void> restore(CheckRecord record, Duration ttl) {
    return Future.fromCompletionStage(map.submitToKey(record.id(), new Restore(Codec.toJson(record), ttl.toMillis())),
        context).mapEmpty();
  }

  private static CheckRecord decode(String json) {
    return json == null ? null : Codec.fromJson(json, CheckRecord.class);
  }

  /**
   * An update of one check that runs on the owner of its key, atomically: it returns the new
   * record's JSON, or null when the update changed nothing (unknown id, final, duplicate).
   */
  abstract static class RecordUpdate implements EntryProcessor<String, String, String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    abstract CheckRecord apply(CheckRecord current);

    @Override
    public String process(Map.Entry<String, String> entry) {
      if (entry.getValue() == null) {
        return null; // unknown or expired check: a late or stray message
      }
      CheckRecord current = decode(entry.getValue());
      CheckRecord next = apply(current);
      if (next == current) {
        return null;
      }
      String json = Codec.toJson(next);
      entry.setValue(json);
      return json;
    }
  }

  /** Merge one result; freeze when every region has answered. */
  static final class AddResult extends RecordUpdate {
    @Serial private static final long serialVersionUID = 1L;
    private final String resultJson;

    AddResult(String resultJson) {
      this.resultJson = resultJson;
    }

    @Override
    CheckRecord apply(CheckRecord current) {
      return current.withResult(Codec.fromJson(resultJson, ProbeResult.class));
    }
  }

  /** Freeze at the deadline with whatever came in. */
  static final class FinalizeDue extends RecordUpdate {
    @Serial private static final long serialVersionUID = 2L;
    private final Instant now;
    private final String knownImpairedJson;

    FinalizeDue(Instant now, String knownImpairedJson) {
      this.now = now;
      this.knownImpairedJson = knownImpairedJson;
    }

    @Override
    CheckRecord apply(CheckRecord current) {
      return current.finalizedAt(now, List.of(Codec.fromJson(knownImpairedJson, LocalIssue[].class)));
    }
  }

  /** Sets the record only where the key is absent, with its own time to live. */
  static final class Restore implements EntryProcessor<String, String, Void>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String json;
    private final long ttlMs;

    Restore(String json, long ttlMs) {
      this.json = json;
      this.ttlMs = ttlMs;
    }

    @Override
    public Void process(Map.Entry<String, String> entry) {
      if (entry.getValue() == null) {
        ((ExtendedMapEntry<String, String>) entry).setValue(json, ttlMs, TimeUnit.MILLISECONDS);
      }
      return null;
    }
  }
}
