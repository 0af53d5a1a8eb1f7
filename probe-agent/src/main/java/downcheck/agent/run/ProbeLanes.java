package downcheck.agent.run;

import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeMemory;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.process.ChildProcesses;
import downcheck.agent.resolve.Resolvers;
import java.time.Clock;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.Timings;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes spread over the event loops. Each lane is a verticle on an event loop of its own with
 * its own probe clients; checks are handed to the lanes in turn, and each outcome comes back
 * on the caller's context. Without lanes every probe of an agent shares one event loop, and a
 * machine's other cores sit idle.
 */
public final class ProbeLanes {
  private final List<Lane> lanes = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean closing;

  private ProbeLanes() {}

  /** Deploys {@code count} lanes with no memory budget (tests). */
  public static Future<ProbeLanes> deploy(Vertx vertx, ProbeSettings settings, int count) {
    return deploy(vertx, settings, count, ProbeMemory.unlimited());
  }

  /**
   * Deploys {@code count} lanes as children of the calling verticle (undeployed with it); their
   * probes share {@code memory}, the budget of the whole process.
   */
  public static Future<ProbeLanes> deploy(Vertx vertx, ProbeSettings settings, int count, ProbeMemory memory) {
    return deploy(vertx, settings, count, memory,
        new ChildProcesses(vertx, ChildProcesses.DEFAULT_MAX_AT_ONCE, ChildProcesses.DEFAULT_OUTPUT_CAP));
  }

  /** The same; the lanes' ping and trace probes share {@code processes}, the bound of the whole agent. */
  public static Future<ProbeLanes> deploy(Vertx vertx, ProbeSettings settings, int count, ProbeMemory memory,
      ChildProcesses processes) {
    ProbeLanes pool = new ProbeLanes();
    return vertx.deployVerticle(() -> new Lane(settings, memory, processes, pool),
        new DeploymentOptions().setInstances(count)).map(id -> pool);
  }

  /** Runs the probe on the next lane; the future completes on the caller's context. */
  Future<ProbeOutcome> run(ProbeKind kind, ProbeSpec spec, Context back) {
    Lane lane = lanes.get(Math.floorMod(next.getAndIncrement(), lanes.size()));
    Promise<ProbeOutcome> promise = Promise.promise();
    lane.context().runOnContext(v -> {
      Future<ProbeOutcome> outcome;
      try {
        outcome = lane.probes().forKind(kind).run(spec);
      } catch (RuntimeException e) {
        outcome = Future.succeededFuture(ProbeOutcome.error(Timings.total(0), "cannot run this check: " + e.getMessage()));
      }
      outcome.onComplete(ar -> back.runOnContext(x -> promise.handle(ar)));
    });
    return promise.future();
  }

  public int size() {
    return lanes.size();
  }

  /**
   * True once the lanes are being undeployed: probes still in flight are then cut short by
   * the agent's own shutdown, and what they say is not about the target.
   */
  boolean closing() {
    return closing;
  }

  /** One lane: an event loop and the probe clients bound to it. */
  static final class Lane extends VerticleBase {
    private final ProbeSettings settings;
    private final ProbeMemory memory;
    private final ChildProcesses processes;
    private final ProbeLanes pool;
    private Probes probes;

    Lane(ProbeSettings settings, ProbeMemory memory, ChildProcesses processes, ProbeLanes pool) {
      this.settings = settings;
      this.memory = memory;
      this.processes = processes;
      this.pool = pool;
    }

    @Override
    public Future<?> start() {
      probes = Probes.create(vertx, settings, Resolvers.create(vertx, settings.resolverConfig()), Clock.systemUTC(),
          memory, processes);
      pool.lanes.add(this);
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      pool.closing = true;
      pool.lanes.remove(this);
      return Future.succeededFuture();
    }

    Context context() {
      return context;
    }

    Probes probes() {
      return probes;
    }
  }
}
