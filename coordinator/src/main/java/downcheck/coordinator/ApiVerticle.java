package downcheck.coordinator;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.api.AccessGuard;
import downcheck.coordinator.api.CheckApi;
import downcheck.coordinator.api.ContractApi;
import downcheck.coordinator.api.Failures;
import downcheck.coordinator.api.HistoryApi;
import downcheck.coordinator.api.OpsApi;
import downcheck.coordinator.api.PagesApi;
import downcheck.coordinator.api.RegistryApi;
import downcheck.coordinator.api.StreamApi;
import downcheck.coordinator.api.SubmitBound;
import downcheck.coordinator.check.CheckService;
import downcheck.coordinator.http.SecurityHeaders;
import downcheck.coordinator.http.ConnectionGate;
import downcheck.coordinator.http.StreamGate;
import downcheck.coordinator.monitor.Monitors;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.ResultIntake;
import downcheck.model.check.TargetPolicy;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API on one event loop. The coordinator deploys several, one per core by default
 * ({@code --http-instances}), all on one port (Vert.x spreads the connections over them), so
 * submissions are worked on by every core instead of queueing on one loop. Each has its own
 * handles on the stores and its own Kafka producer for dispatching checks, so the Hazelcast
 * and Kafka callbacks of a request come back to the loop that took it; each also folds its share
 * of the results. What must be counted once per coordinator (the per-client limit, the
 * submissions in flight, the open checks, the monitors and their scheduler, the replay's
 * progress) is shared.
 */
final class ApiVerticle extends VerticleBase {
  /** What every instance shares: built once by the coordinator. */
  record Shared(CoordinatorConfig config, HazelcastInstance hazelcast, Clock clock, Telemetry telemetry,
      CoordinatorMetrics metrics, AgentRegistry registry, CheckWiring wiring, Finalizer finalizer, AccessGuard guard,
      SubmitBound bound, BooleanSupplier kafkaReady, TargetPolicy policy, Monitors monitors,
      BooleanSupplier stateRestored, StopBudget stopBudget, ConnectionGate connections, StreamGate streams) {}

  /** Every live stream: each is admitted by the {@link StreamGate} before its own handler runs. */
  private static final List<String> STREAMS = List.of("/api/v1/stream", "/api/v1/stream/ws", "/api/v1/checks/:id/events",
      "/api/v1/monitors/:id/events");

  private final Shared shared;
  private final int port;
  private final int instance;
  private KafkaProducer<String, String> producer;
  private ResultIntake results;
  private Telemetry.Binding producerMetrics;
  private HttpServer server;

  ApiVerticle(Shared shared, int port, int instance) {
    this.shared = shared;
    this.port = port;
    this.instance = instance;
  }

  @Override
  public Future<?> start() {
    CoordinatorConfig config = shared.config();
    HazelcastInstance hz = shared.hazelcast();
    producer = KafkaProducer.create(vertx,
        config.kafka().producer("downcheck-coordinator-" + config.coordinatorId() + "-api-" + instance));
    producerMetrics = shared.telemetry().bind(producer);
    CheckWiring.Loop loop = shared.wiring().on(context, producer);
    // results are folded on every API loop, not one: the coordinators' group spreads the
    // partitions of downcheck.results over all of them (one check's results: one partition)
    results = new ResultIntake(vertx, config.kafka(), config.coordinatorId() + "-" + instance, loop.store(),
        loop.outlet(), shared.metrics(), shared.telemetry(), shared.registry(), config.trust().unknownAgentWait(),
        loop.trust(), loop.paths(shared.finalizer()), loop.opinions(shared.registry()::liveAgents));
    CheckService checks = loop.checks(shared.finalizer());

    Router router = Router.router(vertx);
    SecurityHeaders.mount(router);
    STREAMS.forEach(path -> router.get(path).handler(shared.streams()::admit));
    new CheckApi(vertx, checks, shared.registry(), shared.guard(), shared.clock(), shared.kafkaReady(), shared.policy(),
        shared.bound())
        .mount(router);
    new StreamApi(vertx).mount(router);
    new RegistryApi(shared.registry(), loop.trust()).mount(router);
    new HistoryApi(loop.history()).mount(router);
    new OpsApi(shared.kafkaReady(), () -> hz.getLifecycleService().isRunning(), shared.stateRestored(),
        shared.telemetry(), shared.registry()).mount(router);
    shared.monitors().mount(router); // one Monitors per coordinator: its API on every loop, its runs on one
    new PagesApi().mount(router);
    new ContractApi().mount(router);
    router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(Failures::onFailure);
    router.route().last().handler(rc -> rc.fail(404));

    HttpServerOptions http = new HttpServerOptions().setHost(config.httpHost()).setPort(port)
        .setMaxInitialLineLength(8192).setMaxHeaderSize(16384)
        // HTTP/1.1 only: with the cleartext HTTP/2 upgrade on offer, a connection is set up (and
        // its connection handler, which counts it, called) only once its first bytes come, so a
        // connection that sends nothing would never be counted
        .setHttp2ClearTextEnabled(false)
        // nothing read or written for this long (half a request, a client gone silent): closed
        .setIdleTimeout((int) config.crowd().idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    ConnectionGate.Loop gate = shared.connections().on(vertx);
    // the first loop's consumer waits for its partitions, so no result of a check taken here is
    // read past; the others join that group without holding the port back (each join is a
    // rebalance, and waiting for all of them delayed a coordinator's start by seconds)
    Future<Void> reading = instance == 0 ? results.start() : results.subscribe();
    return reading.compose(v -> vertx.createHttpServer(http)
        .connectionHandler(gate::connected)
        .requestHandler(req -> {
          if (!gate.refuses(req)) {
            router.handle(req);
          }
        })
        .listen()
        .onSuccess(s -> server = s));
  }

  @Override
  public Future<?> stop() {
    producerMetrics.close();
    return Future.join(server == null ? Future.succeededFuture() : server.close(),
        shared.stopBudget().bound("result consumer " + instance, results.stop()),
        shared.stopBudget().bound("API producer " + instance,
            producer.close(Math.max(0, shared.stopBudget().leftMs() - 1_000))));
  }

  int actualPort() {
    return server.actualPort();
  }
}
