package downcheck.coordinator.monitor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import downcheck.coordinator.store.HazelcastFutures;
import downcheck.coordinator.store.KeyUpdate;
import downcheck.model.monitor.MaintenanceWindow;
import downcheck.model.monitor.MonitorRules;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.monitor.RunOutcome;
import downcheck.model.wire.Codec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Each monitor's live state in a Hazelcast IMap shared by every coordinator. Every change runs
 * as an entry processor on the key's owner, so a run is applied once and a change decided once,
 * whoever asks. Calls complete on the caller's Vert.x context.
 */
final class MonitorStates {
  static final String MAP_NAME = "downcheck-monitor-state";

  private final IMap<String, String> map;
  private final Context context;

  MonitorStates(HazelcastInstance hazelcast, Context context) {
    this.map = hazelcast.getMap(MAP_NAME);
    this.context = context;
  }

  /** The state, or null when none is held (a new monitor, or a full restart). */
  Future<MonitorStatus> get(String id) {
    return HazelcastFutures.onContext(map.getAsync(id), context).map(MonitorStates::decode);
  }

  /** Holds this state unless one is held already; succeeds with the state held. */
  Future<MonitorStatus> seed(String id, MonitorStatus status) {
    return HazelcastFutures.onContext(map.submitToKey(id, new Seed(Codec.toJson(status))), context)
        .map(MonitorStates::decode);
  }

  Future<Void> remove(String id) {
    return HazelcastFutures.onContext(map.deleteAsync(id), context).mapEmpty();
  }

  /** Marks a run started; false when another run is already in flight (it then stays the one followed). */
  Future<Boolean> startRun(String id, String checkId) {
    return update(id, new StartRun(checkId)).map(json -> json != null);
  }

  /** Applies the final run; null when it was not the run in flight, or was applied already. */
  Future<MonitorRules.Step> applyRun(String id, MonitorSpec.Rules rules, RunOutcome run, Duration interval) {
    return HazelcastFutures.onContext(map.submitToKey(id, new ApplyRun(Codec.toJson(rules), Codec.toJson(run),
        interval.toMillis())), context).map(json -> json == null ? null : Codec.fromJson(json, MonitorRules.Step.class));
  }

  /** No run in flight (its check is gone or could not start); the next one at {@code next}. */
  Future<MonitorStatus> postpone(String id, String checkId, Instant next) {
    return update(id, new Postpone(checkId, next.toEpochMilli())).map(MonitorStates::decode);
  }

  /**
   * Into, along or out of the maintenance {@code span} (null: none under way) at {@code at}; the
   * new state, or null when nothing changed.
   */
  Future<MonitorStatus> maintain(String id, MonitorSpec.Rules rules, MaintenanceWindow.Span span, Instant at) {
    return update(id, new Maintain(Codec.toJson(rules), span == null ? -1 : span.start().toEpochMilli(),
        span == null ? -1 : span.end().toEpochMilli(), at.toEpochMilli())).map(MonitorStates::decode);
  }

  /** The change was notified (or given up): out of the outbox. */
  Future<Void> delivered(String id, long seq) {
    return update(id, new Delivered(seq)).mapEmpty();
  }

  private Future<String> update(String id, KeyUpdate<String> update) {
    return HazelcastFutures.onContext(map.submitToKey(id, update), context);
  }

  private static MonitorStatus decode(String json) {
    return json == null ? null : Codec.fromJson(json, MonitorStatus.class);
  }

  /** A change of one monitor's state, on its owner: the new state's JSON, or null when it changes nothing. */
  private static String change(String json, UnaryOperator<MonitorStatus> change) {
    MonitorStatus current = decode(json);
    MonitorStatus next = change.apply(current);
    return next == null || next.equals(current) ? null : Codec.toJson(next);
  }

  /** Holds the given state unless one is held; returns the state held. */
  static final class Seed implements EntryProcessor<String, String, String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String json;

    Seed(String json) {
      this.json = json;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      if (entry.getValue() == null) {
        entry.setValue(json);
      }
      return entry.getValue();
    }
  }

  static final class StartRun extends KeyUpdate<String> {
    @Serial private static final long serialVersionUID = 1L;
    private final String checkId;

    StartRun(String checkId) {
      this.checkId = checkId;
    }

    @Override
    protected String apply(String json) {
      return change(json, s -> s.schedule().inFlight() == null ? s.withInFlight(checkId) : null);
    }
  }

  static final class Postpone extends KeyUpdate<String> {
    @Serial private static final long serialVersionUID = 1L;
    private final String checkId;
    private final long nextMs;

    Postpone(String checkId, long nextMs) {
      this.checkId = checkId;
      this.nextMs = nextMs;
    }

    @Override
    protected String apply(String json) {
      return change(json, s -> Objects.equals(s.schedule().inFlight(), checkId)
          ? s.withInFlight(null).withNextRunAt(Instant.ofEpochMilli(nextMs)) : null);
    }
  }

  static final class Delivered extends KeyUpdate<String> {
    @Serial private static final long serialVersionUID = 1L;
    private final long seq;

    Delivered(long seq) {
      this.seq = seq;
    }

    @Override
    protected String apply(String json) {
      return change(json, s -> s.delivered(seq));
    }
  }

  /** Maintenance entered, extended or left where the state lives: leaving tells a changed condition once. */
  static final class Maintain extends KeyUpdate<String> {
    @Serial private static final long serialVersionUID = 1L;
    private final String rulesJson;
    private final long startMs;
    private final long endMs;
    private final long atMs;

    Maintain(String rulesJson, long startMs, long endMs, long atMs) {
      this.rulesJson = rulesJson;
      this.startMs = startMs;
      this.endMs = endMs;
      this.atMs = atMs;
    }

    @Override
    protected String apply(String json) {
      MaintenanceWindow.Span span = endMs < 0 ? null
          : new MaintenanceWindow.Span(Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs));
      return change(json, s -> MonitorRules.maintenance(s, Codec.fromJson(rulesJson, MonitorSpec.Rules.class), span,
          Instant.ofEpochMilli(atMs)));
    }
  }

  /** The rules applied where the state lives: one decision per run, whichever coordinator asks. */
  static final class ApplyRun implements EntryProcessor<String, String, String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final String rulesJson;
    private final String runJson;
    private final long intervalMs;

    ApplyRun(String rulesJson, String runJson, long intervalMs) {
      this.rulesJson = rulesJson;
      this.runJson = runJson;
      this.intervalMs = intervalMs;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      if (entry.getValue() == null) {
        return null;
      }
      MonitorStatus current = decode(entry.getValue());
      RunOutcome run = Codec.fromJson(runJson, RunOutcome.class);
      if (!run.checkId().equals(current.schedule().inFlight())) {
        return null; // not the run being followed: a stray or a repeat
      }
      MonitorRules.Step step = MonitorRules.apply(current, Codec.fromJson(rulesJson, MonitorSpec.Rules.class), run,
          Duration.ofMillis(intervalMs));
      entry.setValue(Codec.toJson(step.status()));
      return Codec.toJson(step);
    }
  }
}
