package downcheck.coordinator.monitor;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import downcheck.coordinator.check.AgentPicker;
import downcheck.coordinator.check.CheckService;
import downcheck.coordinator.check.Eyes;
import downcheck.coordinator.check.Question;
import downcheck.coordinator.check.TargetRateExceededException;
import downcheck.model.check.CheckOptions;
import downcheck.model.agent.Heartbeat;
import downcheck.model.check.Target;
import downcheck.model.monitor.Change;
import downcheck.model.monitor.MaintenanceWindow;
import downcheck.model.monitor.MonitorRules;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.monitor.RunOutcome;
import downcheck.model.verdict.CheckView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the monitors this coordinator owns: those whose Hazelcast partition it owns, looked up on
 * every tick, so when a coordinator dies its monitors move with its partitions and are run by
 * their new owner at the next tick. A run is an ordinary check through {@link CheckService}
 * (fresh: a run never takes another check's answer, so each confirmation is new evidence; still
 * within the target's rate limit, of which ad-hoc checks cannot take the monitors' share). The
 * run in flight and the next run's time live in the shared state, so the new owner goes on where
 * the old one stopped.
 */
final class MonitorScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorScheduler.class);
  private static final Duration RETRY_FAILED = Duration.ofSeconds(5);
  private static final long DELIVERED_KEPT_MS = 60_000;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final MonitorCatalog catalog;
  private final MonitorStates states;
  private final CheckService checks;
  private final Supplier<List<Heartbeat>> liveAgents;
  private final Notifier notifier;
  private final java.util.function.Function<String, Future<Void>> delete;
  private final Clock clock;
  private final long tickMs;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Set<String> delivering = ConcurrentHashMap.newKeySet();
  private long timer = -1;

  MonitorScheduler(Vertx vertx, HazelcastInstance hazelcast, MonitorCatalog catalog, MonitorStates states,
      CheckService checks, Supplier<List<Heartbeat>> liveAgents, Notifier notifier,
      java.util.function.Function<String, Future<Void>> delete, Clock clock, long tickMs) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.catalog = catalog;
    this.states = states;
    this.checks = checks;
    this.liveAgents = liveAgents;
    this.notifier = notifier;
    this.delete = delete;
    this.clock = clock;
    this.tickMs = tickMs;
  }

  void start() {
    timer = vertx.setPeriodic(tickMs, t -> tick());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** Whether this coordinator schedules the monitor: it owns the monitor's partition. */
  boolean owns(String id) {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return false;
    }
    Partition p = hazelcast.getPartitionService().getPartition(id);
    Member owner = p == null ? null : p.getOwner();
    return owner != null && owner.localMember();
  }

  private void tick() {
    for (MonitorSpec spec : catalog.all()) {
      if (owns(spec.id()) && busy.add(spec.id())) {
        step(spec).onComplete(ar -> {
          busy.remove(spec.id());
          if (ar.failed()) {
            LOG.warn("monitor {} {}: {}", spec.id(), spec.target(), ar.cause().toString());
          }
        });
      }
    }
  }

  /** One look at a monitor: deliver what waits, end it when done, follow its run, or start the next. */
  private Future<Void> step(MonitorSpec spec) {
    Instant now = clock.instant();
    return states.get(spec.id()).compose(status -> {
      if (status == null) {
        MonitorStatus last = catalog.lastState(spec.id());
        // after a full restart, the state published last; a run it had in flight is gone with the old checks
        MonitorStatus seed = last == null ? MonitorStatus.fresh(now) : last.withInFlight(null).withNextRunAt(now);
        return states.seed(spec.id(), seed).mapEmpty();
      }
      deliverOutbox(spec, status);
      if (spec.watch() && ((status.ended() && status.changes().outbox().isEmpty())
          || (spec.expiresAt() != null && now.isAfter(spec.expiresAt())))) {
        LOG.info("monitor {} {} ended ({})", spec.id(), spec.target(), status.ended() ? "back up" : "expired");
        return delete.apply(spec.id());
      }
      if (status.ended()) {
        return Future.succeededFuture();
      }
      MaintenanceWindow.Span span = MaintenanceWindow.covering(catalog.windows(spec), now).orElse(null);
      if (span == null ? status.inMaintenance()
          : !status.inMaintenance() || !span.end().equals(status.maintenance().until())) {
        return maintain(spec, span, now);
      }
      if (status.schedule().inFlight() != null) {
        return follow(spec, status, now);
      }
      return now.isBefore(status.schedule().nextRunAt()) ? Future.succeededFuture() : run(spec, status, now);
    });
  }

  /** Into, along or out of maintenance; leaving may tell a change, delivered as any other. */
  private Future<Void> maintain(MonitorSpec spec, MaintenanceWindow.Span span, Instant now) {
    return states.maintain(spec.id(), spec.rules(), span, now).compose(after -> {
      if (after == null) {
        return Future.succeededFuture();
      }
      LOG.info("monitor {} {} {}", spec.id(), spec.target(), span == null ? "left maintenance, is " + after.state()
          : "in maintenance until " + span.end() + " (runs go on, no one is told)");
      deliverOutbox(spec, after);
      return catalog.putState(spec.id(), after);
    });
  }

  private Future<Void> run(MonitorSpec spec, MonitorStatus status, Instant now) {
    List<Heartbeat> agents = liveAgents.get();
    List<String> live = agents.stream().map(Heartbeat::region).distinct().sorted().toList();
    List<String> regions = spec.regions().isEmpty() ? live : spec.regions().stream().filter(live::contains).toList();
    Eyes eyes = new Eyes(spec.perRegion() == null ? 1 : spec.perRegion(), spec.locations(),
        spec.limit() == null ? 0 : spec.limit());
    List<Heartbeat> chosen = AgentPicker.choose(agents, regions, spec.regions(), eyes, spec.id().hashCode() ^ now.toEpochMilli());
    if (regions.isEmpty() || (!eyes.isDefault() && chosen.isEmpty())) {
      LOG.info("monitor {} {}: no live {} to run from", spec.id(), spec.target(),
          regions.isEmpty() ? "region" : "agent at its locations");
      return states.postpone(spec.id(), null, now.plusSeconds(spec.intervalSeconds())).mapEmpty();
    }
    Question q = new Question(Target.parse(spec.target(), spec.kind()), regions, spec.timeoutMs(), spec.slowMs(),
        spec.expect(), null, true, new CheckOptions(spec.requestOrDefault(), spec.ipVersion(), spec.dns(), null, null),
        eyes, chosen);
    return confirmingAgents(status, regions, agents)
        // within the target's whole limit: a crowd of ad-hoc checks cannot starve it
        .compose(others -> checks.submitRun(others.isEmpty() ? q : q.answeredBy(others)))
        .compose(submitted -> states.startRun(spec.id(), submitted.check().id()))
        .<Void>mapEmpty()
        .recover(err -> {
          Duration wait = err instanceof TargetRateExceededException r ? Duration.ofSeconds(r.retryAfterSeconds())
              : RETRY_FAILED;
          LOG.info("monitor {} {}: run not started, next in {} s: {}", spec.id(), spec.target(), wait.toSeconds(),
              err.getMessage());
          return states.postpone(spec.id(), null, now.plus(wait)).mapEmpty();
        });
  }

  /**
   * The agents of a confirming run: while a change waits to be confirmed, other agents than those
   * of the run that saw it ({@link ConfirmingAgents}); empty (the regions' groups) otherwise.
   */
  private Future<List<Heartbeat>> confirmingAgents(MonitorStatus status, List<String> regions, List<Heartbeat> agents) {
    if (status.pending().candidate() == null || status.lastCheck() == null) {
      return Future.succeededFuture(List.of());
    }
    return checks.read(status.lastCheck().id())
        .map(first -> first == null ? List.<Heartbeat>of() : ConfirmingAgents.choose(first, regions, agents))
        .otherwise(List.of());
  }

  private Future<Void> follow(MonitorSpec spec, MonitorStatus status, Instant now) {
    String checkId = status.schedule().inFlight();
    return checks.read(checkId).compose(check -> {
      if (check == null) {
        return states.postpone(spec.id(), checkId, now).mapEmpty(); // the check is gone: run again
      }
      if (!check.isFinal()) {
        return Future.succeededFuture();
      }
      return applyFinal(spec, check, now);
    });
  }

  private Future<Void> applyFinal(MonitorSpec spec, CheckView check, Instant now) {
    RunOutcome run = RunOutcome.of(check, now);
    return states.applyRun(spec.id(), spec.rules(), run, Duration.ofSeconds(spec.intervalSeconds())).compose(step -> {
      if (step == null) {
        return Future.succeededFuture();
      }
      if (step.changed()) {
        LOG.info("monitor {} {} is {} (check {}{})", spec.id(), spec.target(), step.status().state(), check.id(),
            step.notice() == null ? "" : ", " + step.notice().event());
      }
      deliverOutbox(spec, step.status());
      return catalog.putState(spec.id(), step.status());
    });
  }

  /**
   * Each change waiting in the outbox, once at a time on this coordinator; out of the outbox when
   * done. Past the notifier's cap the rest stay in the outbox, in order, for a later look.
   */
  private void deliverOutbox(MonitorSpec spec, MonitorStatus status) {
    for (Change change : status.changes().outbox()) {
      String key = spec.id() + "#" + change.seq();
      if (delivering.add(key)) {
        MonitorView view = MonitorView.of(spec, status, clock.instant());
        Optional<Future<Void>> sending = notifier.tryDeliver(spec, change, view);
        if (sending.isEmpty()) {
          delivering.remove(key);
          return;
        }
        sending.get()
            .compose(v -> states.delivered(spec.id(), change.seq()))
            // a look that read the state before it left the outbox must not send it again
            .onComplete(ar -> vertx.setTimer(DELIVERED_KEPT_MS, t -> delivering.remove(key)));
      }
    }
  }
}
