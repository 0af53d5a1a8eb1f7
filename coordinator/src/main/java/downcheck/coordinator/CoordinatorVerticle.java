package downcheck.coordinator;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.api.AccessGuard;
import downcheck.coordinator.http.ApiKeys;
import downcheck.coordinator.api.SubmitBound;
import downcheck.coordinator.check.OpenChecks;
import downcheck.coordinator.check.CheckService;
import downcheck.coordinator.http.ConnectionGate;
import downcheck.coordinator.http.StreamGate;
import downcheck.coordinator.monitor.Monitors;
import downcheck.coordinator.monitor.channel.Channels;
import downcheck.coordinator.operator.OperatorWatch;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.KnownCoordinators;
import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.model.agent.KnownImpaired;
import downcheck.model.check.TargetPolicy;
import downcheck.coordinator.verdict.VerdictReplay;
import downcheck.runtime.TopicSetup;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: HTTP API in, checks out to Kafka, results back into Hazelcast, verdicts out
 * to Kafka and to live streams. Wires the parts; the rules live in them.
 */
public final class CoordinatorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);
  /**
   * How often the coordinator asks Kafka whether it is there, and how long it waits: together
   * they bound how late {@code /ready} and submissions learn that Kafka is gone (about 1.5 s).
   */
  static final long KAFKA_PING_MS = 500;
  static final long KAFKA_PING_TIMEOUT_MS = 1_000;
  static final long STOP_BUDGET_MS = 5_000;
  private final StopBudget stopBudget = new StopBudget(STOP_BUDGET_MS);

  private final CoordinatorConfig config;
  private final HazelcastInstance hazelcast;
  private final Clock clock;
  private final Telemetry telemetry;
  private final CoordinatorMetrics metrics;
  private KafkaProducer<String, String> producer;
  private Telemetry.Binding producerMetrics;
  private VerdictFeed feed;
  private AgentRegistry registry;
  private KafkaAdminClient admin;
  private volatile int httpPort;
  private Monitors monitors;
  private Channels channels;
  private OperatorWatch operator;
  private VerdictReplay replay;
  /** Set once in start, before any check is taken; read by the loops that see finals. */
  private volatile Finalizer finalizer;
  private volatile boolean kafkaOk;
  private boolean pinging;

  public CoordinatorVerticle(CoordinatorConfig config, HazelcastInstance hazelcast, Clock clock, Telemetry telemetry) {
    this.config = config;
    this.telemetry = telemetry;
    this.metrics = new CoordinatorMetrics(telemetry.registry());
    this.hazelcast = hazelcast;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    producer = KafkaProducer.create(vertx, config.kafka().producer("downcheck-coordinator-" + config.coordinatorId()));
    producerMetrics = telemetry.bind(producer);
    // every send's own future carries its failure to the caller, who logs it once; without this
    // handler Vert.x would log each failed send again as an "unhandled exception"
    producer.exceptionHandler(err -> { });
    registry = new AgentRegistry(vertx, config.kafka(), config.coordinatorId(), clock, metrics, telemetry, config.trust());
    metrics.liveSet(() -> registry.liveAgents().size(), () -> registry.liveRegions().size());
    metrics.kafkaUp(() -> kafkaOk);
    OpenChecks open = new OpenChecks(config.maxOpenChecks(), clock);
    metrics.checksOpen(open::count);
    // a final seen (made here, or read from Kafka) frees its room and cancels its deadline timer
    Consumer<String> seenFinal = id -> {
      open.close(id);
      Finalizer f = finalizer;
      if (f != null) {
        f.seenFinal(id);
      }
    };
    feed = new VerdictFeed(vertx, config.kafka(), config.coordinatorId(), metrics, telemetry, seenFinal,
        new KnownCoordinators(hazelcast, clock), config.trust().maxVerdictChars());
    CheckWiring wiring = new CheckWiring(config, hazelcast, clock, metrics, open, feed, seenFinal);
    CheckWiring.Loop own = wiring.on(context, producer);
    finalizer = new Finalizer(vertx, own.store(), own.outlet(), clock,
        () -> KnownImpaired.of(registry.liveAgents()));
    replay = new VerdictReplay(vertx, config.kafka(), config.coordinatorId(), hazelcast, own.store(), own.history(),
        own.lasting(), config.checkTtl(), config.links().retention(), clock, metrics, VerdictReplay.Limits.DEFAULT);
    admin = KafkaAdminClient.create(vertx, pingSettings());
    // the monitors run once per coordinator, on its own loop, with its own producer; their API is
    // mounted on every HTTP event loop's router (ApiVerticle)
    CheckService checks = own.checks(finalizer);
    ApiKeys keys = new ApiKeys(config.apiKeys(), config.keyHashes(), config.secrets());
    channels = new Channels(vertx, config.channels(), config.monitors().webhooks(), config.monitors().webhookPolicy());
    monitors = new Monitors(vertx, context, hazelcast, producer, config.kafka(), config.coordinatorId(), checks,
        registry::liveAgents, config.monitors(), keys, new AccessGuard(keys, config.monitors().clientWritesPerMinute(),
        clock, "created or changed too many monitors")::admit, clock, telemetry.registry(), metrics::malformed,
        config.secrets(), channels);
    operator = new OperatorWatch(vertx, context, hazelcast, registry, monitors.delivery(), config.operator(), clock,
        telemetry.registry(), () -> kafkaOk);
    CrowdLimits crowd = config.crowd();
    ConnectionGate connections = new ConnectionGate(crowd.connectionsPerClient(), crowd.connections(),
        metrics::connectionRefused);
    StreamGate streams = new StreamGate(crowd.streamsPerClient(), crowd.streams(), config.streamHeartbeat(),
        metrics::streamRefused, metrics::streamDropped);
    metrics.held(connections::open, streams::open, streams::queuedBytes, streams::peakQueuedBytes);
    ApiVerticle.Shared api = new ApiVerticle.Shared(config, hazelcast, clock, telemetry, metrics, registry, wiring,
        finalizer, new AccessGuard(keys, config.clientChecksPerMinute(), clock),
        new SubmitBound(config.maxSubmitsInFlight(), metrics), () -> kafkaOk,
        new TargetPolicy(config.allowPrivateTargets()), monitors, replay::done, stopBudget, connections, streams);

    return TopicSetup.ensure(vertx, config.kafka())
        .compose(v -> Future.all(registry.start(), feed.start()))
        .compose(v -> monitors.start())
        .onSuccess(v -> {
          startKafkaPing();
          finalizer.start();
          operator.start();
          replay.run(); // in the background: /ready says so until it is done
        })
        .compose(v -> deployApi(api))
        .onSuccess(port -> {
          httpPort = port;
          LOG.info("coordinator {} listening on http://{}:{} ({} event loops)", config.coordinatorId(), config.httpHost(),
              port, config.httpInstances());
        });
  }

  /**
   * The HTTP API on {@code --http-instances} event loops, deployed as one deployment so that
   * they share one port, a random one too when the port is 0; deployed from here, they are
   * undeployed with this verticle.
   */
  private Future<Integer> deployApi(ApiVerticle.Shared api) {
    List<ApiVerticle> instances = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
      ApiVerticle v = new ApiVerticle(api, config.httpPort(), instances.size());
      instances.add(v);
      return v;
    }, new DeploymentOptions().setInstances(config.httpInstances())).map(id -> instances.get(0).actualPort());
  }

  /**
   * Stops within {@link #STOP_BUDGET_MS}, the HTTP API's instances (undeployed first) included,
   * even when Kafka is unreachable (its clients would wait 30 s each to leave a group or flush):
   * a container platform kills what does not stop in its grace period. What is not closed cleanly
   * by then is logged and left to the JVM's exit.
   */
  @Override
  public Future<?> stop() {
    producerMetrics.close();
    operator.stop();
    return Future.join(List.<Future<?>>of(
        stopBudget.bound("monitors", monitors.stop().onComplete(ar -> channels.close())),
        stopBudget.bound("verdict consumer", feed.stop()),
        stopBudget.bound("agent consumer", registry.stop()),
        stopBudget.bound("producer", producer.close(Math.max(0, stopBudget.leftMs() - 1_000))),
        stopBudget.bound("admin client", admin.close())));
  }

  public int httpPort() {
    return httpPort;
  }

  /** The admin client that pings Kafka: it gives up on an unanswered ping after the ping's timeout, not the default 15 s. */
  private Map<String, String> pingSettings() {
    Map<String, String> settings = new HashMap<>(config.kafka().admin("downcheck-coordinator-" + config.coordinatorId() + "-admin"));
    settings.put("request.timeout.ms", Long.toString(KAFKA_PING_TIMEOUT_MS));
    settings.put("default.api.timeout.ms", Long.toString(KAFKA_PING_TIMEOUT_MS));
    return settings;
  }

  private void startKafkaPing() {
    kafkaOk = true;
    vertx.setPeriodic(KAFKA_PING_MS, t -> {
      if (pinging) {
        return; // one ping at a time: a broker that does not answer is not asked again and again
      }
      pinging = true;
      admin.describeCluster()
          .timeout(KAFKA_PING_TIMEOUT_MS + 200, TimeUnit.MILLISECONDS)
          .onComplete(ar -> pinging = false)
          .onSuccess(d -> {
            if (!kafkaOk && !d.getNodes().isEmpty()) {
              LOG.info("Kafka reachable again");
            }
            kafkaOk = !d.getNodes().isEmpty();
          })
          .onFailure(err -> {
            if (kafkaOk) {
              LOG.warn("Kafka unreachable: {}", err.getMessage());
            }
            kafkaOk = false;
          });
    });
  }
}
