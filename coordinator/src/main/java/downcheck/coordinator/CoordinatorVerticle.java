package downcheck.coordinator;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.api.AccessGuard;
import downcheck.coordinator.api.CheckApi;
import downcheck.coordinator.api.HistoryApi;
import downcheck.coordinator.api.OpsApi;
import downcheck.coordinator.api.PagesApi;
import downcheck.coordinator.api.Problems;
import downcheck.coordinator.api.RegistryApi;
import downcheck.coordinator.api.StreamApi;
import downcheck.coordinator.check.CheckService;
import downcheck.coordinator.dispatch.CheckDispatcher;
import downcheck.coordinator.monitor.Monitors;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.HistoryStore;
import downcheck.coordinator.store.RecentChecks;
import downcheck.coordinator.store.TargetRate;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.ResultIntake;
import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.coordinator.verdict.VerdictOutlet;
import downcheck.coordinator.verdict.VerdictPublisher;
import downcheck.model.agent.KnownImpaired;
import downcheck.model.check.TargetPolicy;
import downcheck.coordinator.verdict.VerdictReplay;
import downcheck.runtime.TopicSetup;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: HTTP API in, checks out to Kafka, results back into Hazelcast, verdicts out
 * to Kafka and to live streams. Wires the parts; the rules live in them.
 */
public final class CoordinatorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);
  private static final long KAFKA_PING_MS = 5_000;
  static final long STOP_BUDGET_MS = 5_000;

  private final CoordinatorConfig config;
  private final HazelcastInstance hazelcast;
  private final Clock clock;
  private final Telemetry telemetry;
  private final CoordinatorMetrics metrics;
  private KafkaProducer<String, String> producer;
  private Telemetry.Binding producerMetrics;
  private ResultIntake results;
  private VerdictFeed feed;
  private AgentRegistry registry;
  private KafkaAdminClient admin;
  private HttpServer server;
  private Monitors monitors;
  private VerdictReplay replay;
  private volatile boolean kafkaOk;

  public CoordinatorVerticle(CoordinatorConfig config, HazelcastInstance hazelcast, Clock clock, Telemetry telemetry) {
    this.config = config;
    this.telemetry = telemetry;
    this.metrics = new CoordinatorMetrics(telemetry.registry());
    this.hazelcast = hazelcast;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    CheckStore store = new CheckStore(hazelcast, context, config.checkTtl().toSeconds());
    producer = KafkaProducer.create(vertx, config.kafka().producer("downcheck-coordinator-" + config.coordinatorId()));
    producerMetrics = telemetry.bind(producer);
    // every send's own future carries its failure to the caller, who logs it once; without this
    // handler Vert.x would log each failed send again as an "unhandled exception"
    producer.exceptionHandler(err -> { });
    registry = new AgentRegistry(vertx, config.kafka(), config.coordinatorId(), clock, metrics, telemetry);
    metrics.liveSet(() -> registry.liveAgents().size(), () -> registry.liveRegions().size());
    feed = new VerdictFeed(vertx, config.kafka(), config.coordinatorId(), metrics, telemetry);
    HistoryStore history = new HistoryStore(hazelcast, context);
    VerdictOutlet outlet = new VerdictOutlet(new VerdictPublisher(producer, config.kafka()), history, clock, metrics);
    results = new ResultIntake(vertx, config.kafka(), config.coordinatorId(), store, outlet, metrics, telemetry);
    Finalizer finalizer = new Finalizer(vertx, store, outlet, clock, () -> KnownImpaired.of(registry.liveAgents()));
    replay = new VerdictReplay(vertx, config.kafka(), config.coordinatorId(), hazelcast, store, history,
        config.checkTtl(), clock, metrics, VerdictReplay.Limits.DEFAULT);
    CheckService checks = new CheckService(store, new RecentChecks(hazelcast, context),
        new TargetRate(hazelcast, context, config.targetChecksPerMinute(), Duration.ofMinutes(1)),
        new CheckDispatcher(producer, config.kafka()), finalizer, clock, metrics, config.deadlineGrace(),
        config.coalesceWindow());
    admin = KafkaAdminClient.create(vertx, config.kafka().admin("downcheck-coordinator-" + config.coordinatorId() + "-admin"));

    Router router = Router.router(vertx);
    new CheckApi(vertx, checks, registry, new AccessGuard(config.apiKeys(), config.clientChecksPerMinute(), clock), clock,
        () -> kafkaOk, new TargetPolicy(config.allowPrivateTargets()))
        .mount(router);
    new StreamApi(vertx, metrics).mount(router);
    new RegistryApi(registry).mount(router);
    new HistoryApi(history).mount(router);
    new OpsApi(() -> kafkaOk, () -> hazelcast.getLifecycleService().isRunning(), replay::done, telemetry, registry)
        .mount(router);
    monitors = new Monitors(vertx, context, hazelcast, producer, config.kafka(), config.coordinatorId(), checks,
        registry::liveRegionNames, config.monitors(), config.apiKeys(), clock, telemetry.registry(), metrics::malformed);
    monitors.mount(router);
    new PagesApi().mount(router);
    router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(Problems::onFailure);
    router.route().last().handler(rc -> rc.fail(404));

    return TopicSetup.ensure(vertx, config.kafka())
        .compose(v -> Future.all(registry.start(), feed.start(), results.start()))
        .compose(v -> monitors.start())
        .onSuccess(v -> {
          startKafkaPing();
          finalizer.start();
          replay.run(); // in the background: /ready says so until it is done
        })
        .compose(v -> vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort())
                .setMaxInitialLineLength(8192).setMaxHeaderSize(16384))
            .requestHandler(router)
            .listen())
        .onSuccess(s -> {
          server = s;
          LOG.info("coordinator {} listening on http://{}:{}", config.coordinatorId(), config.httpHost(), s.actualPort());
        });
  }

  /**
   * Stops within {@link #STOP_BUDGET_MS} even when Kafka is unreachable (its clients would wait
   * 30 s each to leave a group or flush): a container platform kills what does not stop in its
   * grace period. What is not closed cleanly by then is logged and left to the JVM's exit.
   */
  @Override
  public Future<?> stop() {
    producerMetrics.close();
    return Future.join(java.util.List.<Future<?>>of(
        server == null ? Future.succeededFuture() : server.close(),
        bounded("monitors", monitors.stop()),
        bounded("result consumer", results.stop()), bounded("verdict consumer", feed.stop()),
        bounded("agent consumer", registry.stop()), bounded("producer", producer.close(STOP_BUDGET_MS - 1_000)),
        bounded("admin client", admin.close())));
  }

  /** Logged here when it fails or times out; the stop goes on, so Vert.x has nothing more to report. */
  private static Future<Void> bounded(String what, Future<Void> closing) {
    return closing.timeout(STOP_BUDGET_MS, TimeUnit.MILLISECONDS).recover(err -> {
      LOG.warn("{} not closed cleanly within {} ms: {}", what, STOP_BUDGET_MS, err.getMessage());
      return Future.succeededFuture();
    });
  }

  public int httpPort() {
    return server.actualPort();
  }

  private void startKafkaPing() {
    kafkaOk = true;
    vertx.setPeriodic(KAFKA_PING_MS, t -> admin.describeCluster()
        .onSuccess(d -> kafkaOk = !d.getNodes().isEmpty())
        .onFailure(err -> {
          if (kafkaOk) {
            LOG.warn("Kafka unreachable: {}", err.getMessage());
          }
          kafkaOk = false;
        }));
  }
}
