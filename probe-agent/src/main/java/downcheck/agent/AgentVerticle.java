package downcheck.agent;

import downcheck.agent.intake.CheckIntake;
import downcheck.agent.ops.OpsServer.Readiness;
import downcheck.agent.ops.OpsServer;
import downcheck.agent.probe.ProbeMemory;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.process.ChildProcesses;
import downcheck.agent.publish.ResultPublisher;
import downcheck.agent.run.CheckRunner;
import downcheck.agent.run.ProbeLanes;
import downcheck.agent.run.Probes;
import downcheck.agent.selfcheck.CanaryMonitor;
import downcheck.agent.telemetry.AgentMetrics;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import downcheck.model.check.ProbeKind;
import downcheck.model.wire.Schema;
import downcheck.runtime.TopicSetup;
import downcheck.runtime.settings.ManifestVersion;
import downcheck.runtime.telemetry.Telemetry;
import downcheck.model.result.ProbeResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One probe agent: intake → {@link CheckRunner} (probe on a lane, "is it me?", stamp) → publish,
 * and heartbeats. Wires the parts; the rules live in them.
 */
public final class AgentVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AgentVerticle.class);
  /** Kafka's own defaults would wait 30 s to leave the group when the broker is gone. */
  static final long GROUP_LEAVE_MS = 4000;
  static final long TOMBSTONE_MS = 3000;
  static final long PRODUCER_CLOSE_MS = 2000;
  /** The most {@link #stop()} takes: the two leaves run at once, then the producer closes. */
  public static final long STOP_BUDGET_MS = Math.max(GROUP_LEAVE_MS, TOMBSTONE_MS) + PRODUCER_CLOSE_MS + 1000;

  private final AgentConfig config;
  private final Clock clock;
  private final Telemetry telemetry;
  private final AgentMetrics metrics;
  private OpsServer ops;
  private int opsPort = -1;
  private volatile boolean kafkaTookHeartbeat;
  private ProbeLanes lanes;
  private CheckRunner runner;
  private CanaryMonitor canaries;
  private ResultPublisher publisher;
  private CheckIntake intake;
  private long heartbeatTimer = -1;
  private final Promise<Void> firstHeartbeat = Promise.promise();
  static final long FIRST_HEARTBEAT_WAIT_MS = 15_000;

  public AgentVerticle(AgentConfig config, Clock clock, Telemetry telemetry) {
    this.config = config;
    this.clock = clock;
    this.telemetry = telemetry;
    this.metrics = new AgentMetrics(telemetry.registry());
  }

  @Override
  public Future<?> start() {
    // canaries are the operator's own trusted list: the SSRF guard is for targets people submit
    Probes canaryProbes = Probes.create(vertx, ProbeSettings.forRegion(config.region(), config.sourceAddress(), true,
        config.resolver()));
    canaries = new CanaryMonitor(vertx, canaryProbes.forKind(ProbeKind.HTTP),
        config.canaries(), config.canaryIntervalMs());
    metrics.impaired(config.agentId(), () -> canaries.status() == AgentStatus.IMPAIRED ? 1 : 0);
    ProbeMemory memory = new ProbeMemory(config.probeMemoryBudgetBytes());
    metrics.probeMemory(config.agentId(), memory::held, memory::refusals);
    publisher = new ResultPublisher(vertx, config.kafka(), config.agentId(), telemetry);
    intake = new CheckIntake(vertx, config.kafka(), config.region(), config.agentId(), config.maxConcurrency(),
        clock, telemetry, metrics, run -> runner.run(run.check(), run.admission()));
    return startOps()
        .compose(v -> TopicSetup.ensureForAgent(vertx, config.kafka()))
        .compose(v -> ProbeLanes.deploy(vertx,
            ProbeSettings.forRegion(config.region(), config.sourceAddress(), config.allowPrivateTargets(),
                config.resolver()),
            config.probeLanes(), memory,
            new ChildProcesses(vertx, config.maxProbeProcesses(), ChildProcesses.DEFAULT_OUTPUT_CAP)))
        .compose(l -> {
          lanes = l;
          runner = new CheckRunner(context, lanes, canaries, config.agentId(), config.region(), clock, metrics,
              this::publish);
          return canaries.start();
        })
        .compose(v -> intake.start())
        .compose(v -> startHeartbeats())
        .onSuccess(v -> LOG.info("agent {} in region {} is listening (canaries: {}, status {}, probe lanes: {})",
            config.agentId(), config.region(), config.canaries().size(), canaries.status(), lanes.size()));
  }

  /**
   * Leaves within {@link #STOP_BUDGET_MS} even when Kafka is unreachable: a container platform
   * kills what does not stop after its grace period (10 s for Docker), and a killed agent is
   * only dropped after three missed heartbeats. Leaving the group and the tombstone run side by
   * side, each bounded; then the producer is closed with a bound too, which drops (never sends
   * later) whatever it still holds.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    canaries.stop();
    Future<Void> leaveGroup = intake.stop().timeout(GROUP_LEAVE_MS, TimeUnit.MILLISECONDS)
        .onFailure(err -> LOG.warn("check consumer not closed cleanly within {} ms: {}", GROUP_LEAVE_MS, err.getMessage()));
    Future<Void> tombstone = publisher.leave(config.agentId()).timeout(TOMBSTONE_MS, TimeUnit.MILLISECONDS)
        .onFailure(err -> LOG.warn("leave notice not sent within {} ms (dropped after three missed heartbeats): {}",
            TOMBSTONE_MS, err.getMessage()));
    // each failure is logged above; the stop itself goes on, so Vert.x has nothing more to report
    return Future.join(leaveGroup, tombstone).otherwiseEmpty()
        .eventually(() -> publisher.close(PRODUCER_CLOSE_MS))
        .eventually(() -> ops == null ? Future.succeededFuture() : ops.close());
  }

  /** The HTTP port of /health, /ready and /metrics when one was asked for; -1 when off. */
  public int httpPort() {
    return opsPort;
  }

  private Future<Void> startOps() {
    if (config.httpPort() == null) {
      return Future.succeededFuture();
    }
    ops = new OpsServer(vertx, telemetry, this::readiness);
    return ops.listen("0.0.0.0", config.httpPort()).map(port -> {
      opsPort = port;
      LOG.info("agent {} serves /health, /ready and /metrics on port {}", config.agentId(), port);
      return null;
    });
  }

  private Readiness readiness() {
    CanaryCounts counts = canaries.counts();
    return new Readiness(config.agentId(), config.region(), intake.listening(), kafkaTookHeartbeat,
        canaries.status().name(), counts.ok(), counts.failed(), canaries.reason());
  }

  /**
   * A result leaves only after Kafka took this agent's first heartbeat: the coordinators count a
   * result only from an agent whose heartbeat they have seen (docs/security.md), and the first
   * checks may be read the moment the region's partitions are assigned, before it. Bounded: once
   * the producer's delivery timeout has passed without one, the result goes anyway (and a broker
   * that took no heartbeat takes no result either).
   */
  private Future<Void> publish(ProbeResult result) {
    return firstHeartbeat.future().timeout(FIRST_HEARTBEAT_WAIT_MS, TimeUnit.MILLISECONDS)
        .transform(ar -> publisher.result(result));
  }

  private Future<Void> startHeartbeats() {
    heartbeatTimer = vertx.setPeriodic(config.heartbeatIntervalMs(), id -> sendHeartbeat());
    return sendHeartbeat();
  }

  private Future<Void> sendHeartbeat() {
    Heartbeat h = new Heartbeat(Schema.VERSION, config.agentId(), config.region(), ManifestVersion.current(),
        canaries.status(), canaries.counts(), canaries.reason(), clock.instant(), config.heartbeatIntervalMs());
    return publisher.heartbeat(h)
        .onSuccess(v -> {
          kafkaTookHeartbeat = true;
          firstHeartbeat.tryComplete();
        })
        .onFailure(err -> {
          kafkaTookHeartbeat = false;
          LOG.warn("heartbeat not sent: {}", err.getMessage());
        });
  }
}
