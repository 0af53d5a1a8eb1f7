package downcheck.coordinator.store;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvictionPolicyComparator;
import com.hazelcast.query.Predicates;
import downcheck.coordinator.judge.Ask;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.judge.PathTrace;
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
 *
 * <p>The map holds {@link StoredCheck}s as objects: an update on the owner adds a result's
 * JSON as it came and applies the judge's finality rule to region names, never decoding or
 * re-encoding the whole check; the caller gets the record back and has it judged
 * ({@link downcheck.coordinator.judge.Judge#view}).
 */
public final class CheckStore {
  public static final String MAP_NAME = "downcheck-checks";
  /** Deadlines of checks not yet closed, so any coordinator can close a check whose creator died. */
  public static final String DEADLINES = "downcheck-deadlines";
  /**
   * Checks one coordinator keeps by default ({@code --max-checks-held}): a 3-region check with its
   * three results takes 3.2 KB of heap here, a shared answer 0.8 KB (measured), so at most about
   * 80 MB; past it the settled checks go first, oldest first, and a final check gone from here is
   * read from its lasting link ({@link LastingChecks}).
   */
  public static final int MAX_CHECKS_PER_NODE = 25_000;

  private final IMap<String, StoredCheck> map;
  private final IMap<String, Long> deadlines;
  private final Context context;
  private final long ttlSeconds;

  public CheckStore(HazelcastInstance hazelcast, Context context, long ttlSeconds) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.deadlines = hazelcast.getMap(DEADLINES);
    this.context = context;
    this.ttlSeconds = ttlSeconds;
  }

  /** Stores the check; one still open is also put on the deadline list (both at once). */
  public Future<Void> create(CheckRecord record) {
    Future<Void> stored = HazelcastFutures.onContext(
        map.setAsync(record.id(), StoredCheck.of(record), ttlSeconds, TimeUnit.SECONDS), context);
    if (record.sharedFrom() != null || record.isFinal()) {
      return stored; // a shared check is closed with the check it shares
    }
    Future<Void> deadline = HazelcastFutures.onContext(deadlines.setAsync(record.id(),
        record.request().deadline().toEpochMilli(), ttlSeconds, TimeUnit.SECONDS), context);
    return Future.all(stored, deadline).mapEmpty();
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
    return HazelcastFutures.onContext(deadlines.deleteAsync(id), context).mapEmpty();
  }

  /** The record, or null for an unknown (or expired) id. */
  public Future<CheckRecord> get(String id) {
    return HazelcastFutures.onContext(map.getAsync(id), context).map(CheckStore::decode);
  }

  /** Adds a result; succeeds with the new record, or null when it changed nothing. */
  public Future<CheckRecord> addResult(ProbeResult result) {
    return addResult(result, Codec.toJson(result));
  }

  /** As {@link #addResult(ProbeResult)}, with the result's JSON as it came (stored as it is). */
  public Future<CheckRecord> addResult(ProbeResult result, String resultJson) {
    return HazelcastFutures.onContext(map.submitToKey(result.checkId(),
        new AddResult(result.agentId(), result.region(), resultJson, Judge.vote(result), StoredCheck.sign(result))), context)
        .map(CheckStore::decode);
  }

  /**
   * Adds results of one check that came together, in their order, in one operation on the
   * check's key: as {@link #addResult(ProbeResult, String)} one after the other, with one answer.
   * Succeeds with the new record, or null when none of them changed anything.
   */
  public Future<CheckRecord> addResults(List<ProbeResult> results, List<String> resultJsons) {
    if (results.size() == 1) {
      return addResult(results.get(0), resultJsons.get(0));
    }
    List<AddResult> adds = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      ProbeResult r = results.get(i);
      adds.add(new AddResult(r.agentId(), r.region(), resultJsons.get(i), Judge.vote(r), StoredCheck.sign(r)));
    }
    return HazelcastFutures.onContext(map.submitToKey(results.get(0).checkId(), new AddResults(adds)), context)
        .map(CheckStore::decode);
  }

  /**
   * Records that the check was looked at for a second opinion: {@code asks}, the deadline moved
   * to {@code movedDeadline} when an agent was asked (on the deadline list too, so any
   * coordinator's sweep closes it then). Succeeds with the new record, or null when it was looked
   * at already (by another coordinator) or is closed: then the caller asks no one.
   */
  public Future<CheckRecord> review(String id, List<Ask> asks, Instant movedDeadline) {
    List<String> askedAgents = asks.stream().filter(Ask::asked).map(Ask::agentId).toList();
    long movedMs = movedDeadline == null ? 0 : movedDeadline.toEpochMilli();
    return HazelcastFutures.onContext(map.submitToKey(id, new Reviewed(Codec.toJson(asks), askedAgents, movedMs)),
        context).map(CheckStore::decode).compose(updated -> {
          if (updated == null || updated.isFinal() || movedDeadline == null) {
            return Future.succeededFuture(updated);
          }
          return HazelcastFutures.onContext(deadlines.setAsync(id, updated.deadline().toEpochMilli(), ttlSeconds,
              TimeUnit.SECONDS), context).map(updated);
        });
  }

  /**
   * Makes the open check expect these agents too, before they are sent the check
   * ({@code CheckDispatcher.dispatchTo}): it stays open until each has answered or its deadline
   * passed, and their results are folded (a check sent to chosen agents folds no one else's).
   * Succeeds with the record as it now stands, or null when nothing changed (unknown, closed,
   * shared, or expecting them already). The deadline is not changed.
   */
  public Future<CheckRecord> expectAgents(String id, List<String> agentIds) {
    return HazelcastFutures.onContext(map.submitToKey(id, new ExpectAgents(agentIds)), context)
        .map(CheckStore::decode);
  }

  /**
   * A check that awaits its path decision, decided without one: closed as answered. Succeeds with
   * the final record, or null when it was no longer waiting (closed meanwhile by its deadline).
   */
  public Future<CheckRecord> release(String id) {
    return HazelcastFutures.onContext(map.submitToKey(id, new Release()), context).map(CheckStore::decode);
  }

  /**
   * A check that awaits its path decision now waits for the traces {@code traceIds} (from
   * {@code regions}, index for index) until {@code path.until()}: its deadline moves there first,
   * so that a sweep closes it should this coordinator die. Succeeds with the held record, or null
   * when it was no longer waiting.
   */
  public Future<CheckRecord> hold(String id, PathTrace path, List<String> traceIds, List<String> regions) {
    long until = path.until().toEpochMilli();
    return HazelcastFutures.onContext(deadlines.setAsync(id, until, ttlSeconds, TimeUnit.SECONDS), context)
        .compose(v -> HazelcastFutures.onContext(map.submitToKey(id,
            new Hold(Codec.toJson(path.withTraces(List.of())), traceIds, regions, until)), context))
        .map(CheckStore::decode);
  }

  /** Adds a trace {@code result} to the check {@code parentId} that asked it; succeeds with the record, or null. */
  public Future<CheckRecord> addTrace(String parentId, ProbeResult result, String resultJson) {
    return HazelcastFutures.onContext(map.submitToKey(parentId,
        new AddTrace(result.checkId(), result.region(), resultJson)), context).map(CheckStore::decode);
  }

  /**
   * Forgets the deadline only if it has passed by {@code now}: a check whose deadline moved (it
   * waits for its traces) keeps its new one for the sweep.
   */
  public Future<Void> forgetIfDue(String id, Instant now) {
    return HazelcastFutures.onContext(deadlines.submitToKey(id, new ForgetIfDue(now.toEpochMilli())), context)
        .mapEmpty();
  }

  /** As {@link #finalizeDue(String, Instant, List)} with no agent known impaired. */
  public Future<CheckRecord> finalizeDue(String id, Instant now) {
    return finalizeDue(id, now, List.of());
  }

  /**
   * Freezes the check if its deadline has passed; succeeds with the final record, or null.
   * {@code knownImpaired}: the agents the network knows to be impaired now (silent regions of
   * theirs are IMPAIRED, not MISSING); kept with the closed check as JSON, judged by its reader.
   */
  public Future<CheckRecord> finalizeDue(String id, Instant now, List<LocalIssue> knownImpaired) {
    return HazelcastFutures.onContext(map.submitToKey(id,
        new FinalizeDue(now.toEpochMilli(), knownImpaired.isEmpty() ? null : Codec.toJson(knownImpaired))), context)
        .map(CheckStore::decode);
  }

  /**
   * Puts back a check that was final before a full restart (rebuilt from downcheck.verdicts), kept
   * for what is left of its TTL. A check the cluster already holds is left as it is.
   */
  public Future<Void> restore(CheckRecord record, Duration ttl) {
    return HazelcastFutures.onContext(map.submitToKey(record.id(), new Restore(Codec.toJson(record), ttl.toMillis())),
        context).mapEmpty();
  }

  /**
   * Eviction's order, past {@code --max-checks-held}: a settled check ({@link StoredCheck#settled})
   * before one that still waits for results, its deadline or its traces, then the older first
   * (check ids begin with their creation time, base 36, fixed width). Hazelcast compares a sample
   * of the partition's entries, so a check in flight goes only when the sample holds nothing settled.
   */
  static final class SettledFirst implements MapEvictionPolicyComparator<String, Object> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public int compare(EntryView<String, Object> a, EntryView<String, Object> b) {
      boolean settledA = settled(a.getValue());
      if (settledA != settled(b.getValue())) {
        return settledA ? -1 : 1;
      }
      return a.getKey().compareTo(b.getKey());
    }

    private static boolean settled(Object value) {
      return value instanceof StoredCheck stored && stored.settled();
    }
  }

  private static CheckRecord decode(StoredCheck stored) {
    return stored == null ? null : stored.toRecord();
  }

  /** Adds one result; closes the check when every region has answered. */
  static final class AddResult extends KeyUpdate<StoredCheck> {
    @Serial private static final long serialVersionUID = 3L;
    private final String agentId;
    private final String region;
    private final String resultJson;
    private final char vote;
    private final byte sign;

    AddResult(String agentId, String region, String resultJson, char vote, byte sign) {
      this.agentId = agentId;
      this.region = region;
      this.resultJson = resultJson;
      this.vote = vote;
      this.sign = sign;
    }

    @Override
    protected StoredCheck apply(StoredCheck current) {
      return current.withResult(agentId, region, resultJson, vote, sign);
    }
  }

  /** Adds results that came together, one after the other, as {@link AddResult} each. */
  static final class AddResults extends KeyUpdate<StoredCheck> {
    @Serial private static final long serialVersionUID = 1L;
    private final ArrayList<AddResult> adds;

    AddResults(List<AddResult> adds) {
      this.adds = new ArrayList<>(adds);
    }

    @Override
    protected StoredCheck apply(StoredCheck current) {
      StoredCheck next = current;
      for (AddResult add : adds) {
        next = add.apply(next);
      }
      return next;
    }
  }

  /** Looked at for a second opinion, once: what was asked, and the deadline it moved to. */
  static final class Reviewed extends KeyUpdate<StoredCheck> {
    @Serial private static final long serialVersionUID = 1L;
    private final String asksJson;
    private final ArrayList<String> askedAgents;
    private final long movedDeadlineMs;

    Reviewed(String asksJson, List<String> askedAgents, long movedDeadlineMs) {
      this.asksJson = asksJson;
      this.askedAgents = new ArrayList<>(askedAgents);
      this.movedDeadlineMs = movedDeadlineMs;
    }

    @Override
    protected StoredCheck apply(StoredCheck current) {
      return current.reviewed(asksJson, askedAgents, movedDeadlineMs);
    }
  }

  /** Adds agents the check waits for. */
  static final class ExpectAgents extends KeyUpdate<StoredCheck> {
    @Serial private static final long serialVersionUID = 1L;
    private final ArrayList<String> agentIds;

    ExpectAgents(List<String> agentIds) {
      this.agentIds = new ArrayList<>(agentIds);
    }

    @Override
    protected StoredCheck apply(StoredCheck current) {
      return current.expecting(agentIds);
    }
  }

  /** Closes a check that awaits its path decision, as answered. */
  static final class Release extends KeyUpdate<StoredCheck> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    protected StoredCheck apply(StoredCheck current) {
      return current.released();
    }
  }

  /** Holds a check that awaits its path decision for its traces. */
  static final class Hold extends KeyUpdate<StoredCheck> {
    @Serial private static final long serialVersionUID = 1L;
    private final String pathJson;
    private final ArrayList<String> traceIds;
    private final ArrayList<String> regions;
    private final long untilMs;

    Hold(String pathJson, List<String> traceIds, List<String> regions, long untilMs) {
      this.pathJson = pathJson;
      this.traceIds = new ArrayList<>(traceIds);
      this.regions = new ArrayList<>(regions);
      this.untilMs = untilMs;
    }

    @Override
    protected StoredCheck apply(StoredCheck current) {
      return current.held(pathJson, traceIds, regions, untilMs);
    }
  }

  /** Adds one trace of the check's path comparison. */
  static final class AddTrace extends KeyUpdate<StoredCheck> {
    @Serial private static final long serialVersionUID = 1L;
    private final String traceId;
    private final String region;
    private final String resultJson;

    AddTrace(String traceId, String region, String resultJson) {
      this.traceId = traceId;
      this.region = region;
      this.resultJson = resultJson;
    }

    @Override
    protected StoredCheck apply(StoredCheck current) {
      return current.withTrace(traceId, region, resultJson);
    }
  }

  /** Deletes a deadline that has passed; a moved one stays. */
  static final class ForgetIfDue implements EntryProcessor<String, Long, Void>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final long nowMs;

    ForgetIfDue(long nowMs) {
      this.nowMs = nowMs;
    }

    @Override
    public Void process(Map.Entry<String, Long> entry) {
      if (entry.getValue() != null && entry.getValue() <= nowMs) {
        entry.setValue(null);
      }
      return null;
    }
  }

  /** Closes the check at the deadline with whatever came in. */
  static final class FinalizeDue extends KeyUpdate<StoredCheck> {
    @Serial private static final long serialVersionUID = 3L;
    private final long nowMs;
    private final String knownImpairedJson;

    FinalizeDue(long nowMs, String knownImpairedJson) {
      this.nowMs = nowMs;
      this.knownImpairedJson = knownImpairedJson;
    }

    @Override
    protected StoredCheck apply(StoredCheck current) {
      return current.closedAt(nowMs, knownImpairedJson);
    }
  }

  /**
   * Sets the final check only where the key is absent, with its own time to live. Rare (once
   * per full restart per check), so it decodes the record on the owner.
   */
  static final class Restore implements EntryProcessor<String, StoredCheck, Void>, Serializable {
    @Serial private static final long serialVersionUID = 2L;
    private final String json;
    private final long ttlMs;

    Restore(String json, long ttlMs) {
      this.json = json;
      this.ttlMs = ttlMs;
    }

    @Override
    public Void process(Map.Entry<String, StoredCheck> entry) {
      if (entry.getValue() == null) {
        ((ExtendedMapEntry<String, StoredCheck>) entry).setValue(StoredCheck.of(Codec.fromJson(json, CheckRecord.class)),
            ttlMs, TimeUnit.MILLISECONDS);
      }
      return null;
    }
  }
}
