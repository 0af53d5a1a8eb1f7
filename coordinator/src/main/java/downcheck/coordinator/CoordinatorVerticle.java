package downcheck.coordinator;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.api.AccessGuard;
import downcheck.coordinator.api.SubmitBound;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.HistoryStore;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.ResultIntake;
import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.coordinator.verdict.VerdictOutlet;
import downcheck.coordinator.verdict.VerdictPublisher;
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
  static final long CLOSE_MS = 3_000;

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
  private volatile int httpPort;
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
    CheckStore store = new CheckStore(hazelcast, context, config.checkTtl().toSeconds());
    producer = KafkaProducer.create(vertx, config.kafka().producer("downcheck-coordinator-" + config.coordinatorId()));
    producerMetrics = telemetry.bind(producer);
    registry = new AgentRegistry(vertx, config.kafka(), config.coordinatorId(), clock, metrics, telemetry);
    metrics.liveSet(() -> registry.liveAgents().size(), () -> registry.liveRegions().size());
    feed = new VerdictFeed(vertx, config.kafka(), config.coordinatorId(), metrics, telemetry);
    HistoryStore history = new HistoryStore(hazelcast, context);
    VerdictOutlet outlet = new VerdictOutlet(new VerdictPublisher(producer, config.kafka()), history, clock, metrics);
    results = new ResultIntake(vertx, config.kafka(), config.coordinatorId(), store, outlet, metrics, telemetry);
    Finalizer finalizer = new Finalizer(vertx, store, outlet, clock);
    admin = KafkaAdminClient.create(vertx, pingSettings());
    ApiVerticle.Shared api = new ApiVerticle.Shared(config, hazelcast, clock, telemetry, metrics, registry, finalizer,
        new AccessGuard(config.apiKeys(), config.clientChecksPerMinute(), clock),
        new SubmitBound(config.maxSubmitsInFlight(), metrics), () -> kafkaOk);

    return TopicSetup.ensure(vertx, config.kafka())
        .compose(v -> Future.all(registry.start(), feed.start(), results.start()))
        .onSuccess(v -> {
          startKafkaPing();
          finalizer.start();
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

  @Override
  public Future<?> stop() {
    producerMetrics.close();
    return Future.join(bounded(results.stop()), bounded(feed.stop()), bounded(registry.stop()), bounded(producer.close()),
        bounded(admin.close()));
  }

  /**
   * A Kafka client's close, given up on after {@link #CLOSE_MS}: with the broker gone a consumer
   * would wait for its group (30 s) before letting the coordinator stop.
   */
  private static Future<?> bounded(Future<?> closing) {
    return closing.timeout(CLOSE_MS, TimeUnit.MILLISECONDS).recover(err -> Future.succeededFuture());
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
