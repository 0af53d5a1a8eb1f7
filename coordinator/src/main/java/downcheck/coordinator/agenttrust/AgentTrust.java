package downcheck.coordinator.agenttrust;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.store.HazelcastFutures;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.model.agent.Heartbeat;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' trust records, shared by the coordinators in a Hazelcast map: one small entry per
 * agent ({@link TrustRecord}), written by an entry processor on the key's owner, and expiring a
 * window after its last event, so an agent gone long leaves nothing behind. Entries are written
 * only for agents the registry vouches for (their results were taken, their heartbeats kept), so
 * the map holds at most {@code --max-agents} entries. Every call completes on the context this
 * handle was made for.
 *
 * <p>What lowers trust: a heartbeat turning IMPAIRED ({@link #impairedTurn}), a lone dissent
 * nobody confirmed in a final check ({@link #finalSeen}, {@link #notConfirmed}), a result that
 * came after its check closed at the deadline without it ({@link #resultIgnored}). A result of an
 * agent quarantined when it comes in is marked so ({@link #mark}): shown, not counted.
 */
public final class AgentTrust {
  private static final Logger LOG = LoggerFactory.getLogger(AgentTrust.class);
  public static final String MAP_NAME = HazelcastSetup.TRUST_MAP;

  private final IMap<String, TrustRecord> map;
  private final Context context;
  private final AgentTrustSettings settings;
  private final Clock clock;

  public AgentTrust(HazelcastInstance hazelcast, Context context, AgentTrustSettings settings, Clock clock) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
    this.settings = settings;
    this.clock = clock;
  }

  public AgentTrustSettings settings() {
    return settings;
  }

  /** A second opinion did not confirm the agent's failure in check {@code checkId}: once per check. */
  public Future<Void> notConfirmed(String agentId, String checkId) {
    return record(agentId, TrustRecord.Kind.UNCONFIRMED, clock.instant(), tag(checkId));
  }

  /** As {@link #notConfirmed(String, String)}, for a dissent not tied to one check. */
  public Future<Void> notConfirmed(String agentId) {
    return record(agentId, TrustRecord.Kind.UNCONFIRMED, clock.instant(), 0);
  }

  /** The agent's heartbeat turned IMPAIRED: its canaries failed. Every coordinator reports it; it counts once. */
  public Future<Void> impairedTurn(Heartbeat h) {
    return record(h.agentId(), TrustRecord.Kind.CANARY, h.sentAt(), 0);
  }

  /** A check became final: its lone unconfirmed dissenter, if any, loses trust ({@link LoneDissent}). */
  public Future<Void> finalSeen(CheckView check) {
    return LoneDissent.of(check)
        .map(r -> record(r.agentId(), TrustRecord.Kind.UNCONFIRMED, at(r), tag(check.id())))
        .orElse(Future.succeededFuture());
  }

  /**
   * A result changed nothing in its check: when the check was closed at its deadline without
   * this agent's result, the result was late, and the agent loses trust.
   */
  public Future<Void> resultIgnored(CheckRecord check, ProbeResult result) {
    return isLate(check, result)
        ? record(result.agentId(), TrustRecord.Kind.LATE, at(result), tag(check.id()))
        : Future.succeededFuture();
  }

  /**
   * Closed at its deadline, the agent's region asked, nothing of this agent in it, and the agent
   * finished its probe after that deadline. A result the agent finished in time that came after
   * the check closed was held up on its way (Kafka, or coordinators too busy to read it): not the
   * agent's doing, and when a coordinator falls behind it is every agent's result at once, which
   * would otherwise quarantine the whole network. Pure.
   */
  static boolean isLate(CheckRecord check, ProbeResult result) {
    return check != null && check.closure() != null && check.closure().deadlinePassed()
        && check.expectedRegions().contains(result.region())
        && check.results().stream().noneMatch(r -> r.agentId().equals(result.agentId()))
        && (result.finishedAt() == null || result.finishedAt().isAfter(check.deadline()));
  }

  /**
   * The result as the consensus must see it: marked quarantined, with the record's reason, when
   * its agent is quarantined now; a mark the agent put on it itself is taken off. A record that
   * cannot be read leaves the result as it is (logged): a result is not lost for want of it.
   */
  public Future<ProbeResult> mark(ProbeResult result) {
    return HazelcastFutures.onContext(map.getAsync(result.agentId()), context)
        .map(rec -> {
          TrustRecord.Standing s = standing(rec);
          return s.quarantined() ? result.withQuarantine(s.why())
              : result.quarantined() ? result.withQuarantine(null) : result;
        })
        .recover(err -> {
          LOG.warn("trust record of agent {} not read, its result of {} taken as it is: {}", result.agentId(),
              result.checkId(), err.toString());
          return Future.succeededFuture(result.quarantined() ? result.withQuarantine(null) : result);
        });
  }

  /** The standing of each of the agents (a clean one for an agent without a record). */
  public Future<Map<String, TrustRecord.Standing>> standings(Collection<String> agentIds) {
    return context.executeBlocking(() -> {
      Map<String, TrustRecord> records = map.getAll(new HashSet<>(agentIds));
      Map<String, TrustRecord.Standing> out = new HashMap<>();
      agentIds.forEach(id -> out.put(id, standing(records.get(id))));
      return out;
    }, false);
  }

  private TrustRecord.Standing standing(TrustRecord rec) {
    return rec == null ? TrustRecord.Standing.CLEAN : rec.standing(clock.instant(), settings);
  }

  private Future<Void> record(String agentId, TrustRecord.Kind kind, Instant at, int tag) {
    Instant now = clock.instant();
    return HazelcastFutures.onContext(map.submitToKey(agentId, new AddEvent(kind, at, tag, now, settings.window())),
            context)
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("trust record of agent {} not updated ({}): {}", agentId, kind, err.toString()));
  }

  private Instant at(ProbeResult r) {
    return r.finishedAt() != null ? r.finishedAt() : clock.instant();
  }

  /** A check's tag in a record: never 0, which marks an event about no check. */
  static int tag(String checkId) {
    int h = checkId.hashCode();
    return h == 0 ? 1 : h;
  }

  /** Adds one event on the key's owner; the entry lives a window past its last change. */
  static final class AddEvent implements EntryProcessor<String, TrustRecord, Void>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final TrustRecord.Kind kind;
    private final long atMs;
    private final int tag;
    private final long nowMs;
    private final long windowMs;

    AddEvent(TrustRecord.Kind kind, Instant at, int tag, Instant now, Duration window) {
      this.kind = kind;
      this.atMs = at.toEpochMilli();
      this.tag = tag;
      this.nowMs = now.toEpochMilli();
      this.windowMs = window.toMillis();
    }

    @Override
    public Void process(Map.Entry<String, TrustRecord> entry) {
      TrustRecord current = entry.getValue() == null ? TrustRecord.EMPTY : entry.getValue();
      Duration window = Duration.ofMillis(windowMs);
      TrustRecord next = current.with(kind, Instant.ofEpochMilli(atMs), tag, Instant.ofEpochMilli(nowMs), window);
      if (next.isEmpty()) {
        if (entry.getValue() != null) {
          entry.setValue(null);
        }
      } else if (!next.equals(current)) {
        ((ExtendedMapEntry<String, TrustRecord>) entry).setValue(next, windowMs, TimeUnit.MILLISECONDS);
      }
      return null;
    }
  }
}
