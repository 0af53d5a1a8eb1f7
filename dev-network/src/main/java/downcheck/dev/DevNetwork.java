package downcheck.dev;

import com.hazelcast.core.HazelcastInstance;
import downcheck.agent.AgentConfig;
import downcheck.agent.AgentMain;
import downcheck.agent.AgentVerticle;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorMain;
import downcheck.coordinator.CoordinatorVerticle;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.runtime.Options;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code downcheck dev}: the whole network in one process, on one machine, offline. A real
 * Kafka broker (KRaft, embedded), an embedded Hazelcast member, the coordinator, and one agent
 * per region. Unless {@code --canaries} is given, the agents' canary is the coordinator's own
 * {@code /health}, so a machine without internet still has healthy agents.
 */
public final class DevNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(DevNetwork.class);
  public static final List<String> DEFAULT_REGIONS = List.of("eu-west", "us-east", "ap-south");

  private DevNetwork() {}

  public static void run(Options o) {
    long started = System.nanoTime();
    String[] kafkaAt = o.get("embedded-kafka", "127.0.0.1:9092").split(":");
    if (kafkaAt.length != 2) {
      throw new IllegalArgumentException("--embedded-kafka: '" + o.get("embedded-kafka", "") + "' is not HOST:PORT");
    }
    List<String> regions = o.list("regions", DEFAULT_REGIONS);
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary(kafkaAt[0], Integer.parseInt(kafkaAt[1]));
    CoordinatorConfig config = CoordinatorMain.fromOptions(o, kafka.bootstrapServers());
    HazelcastInstance hz = HazelcastSetup.start(config.hazelcastCluster() + "-dev", List.of(), "127.0.0.1",
        config.hazelcastPort(), config.checkTtl().toSeconds());
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().await();
      hz.shutdown();
      kafka.close();
    }, "downcheck-dev-shutdown"));

    CoordinatorVerticle coordinator = new CoordinatorVerticle(config, hz, Clock.systemUTC());
    vertx.deployVerticle(coordinator)
        .compose(id -> deployAgents(vertx, o, config, regions, coordinator.httpPort()))
        .onSuccess(v -> LOG.info("downcheck dev ready in {} ms: http://localhost:{} with regions {}, Kafka at {}",
            (System.nanoTime() - started) / 1_000_000, coordinator.httpPort(), regions, kafka.bootstrapServers()))
        .onFailure(err -> {
          LOG.error("downcheck dev did not start: {}", err.toString());
          System.exit(1);
        });
  }

  private static Future<Void> deployAgents(Vertx vertx, Options o, CoordinatorConfig config, List<String> regions,
      int httpPort) {
    List<Future<String>> agents = new ArrayList<>();
    for (String region : regions) {
      AgentConfig base = AgentMain.fromOptions(o, config.kafka().bootstrap(), region);
      List<String> canaries = o.has("canaries") ? base.canaries() : List.of("http://127.0.0.1:" + httpPort + "/health");
      AgentConfig agent = new AgentConfig(config.kafka(), region, o.get("agent-id-prefix", "") + region + "-dev",
          base.sourceAddress(), base.allowPrivateTargets(), canaries, base.canaryIntervalMs(),
          base.heartbeatIntervalMs(), base.maxConcurrency(), base.probeLanes());
      agents.add(vertx.deployVerticle(new AgentVerticle(agent, Clock.systemUTC())));
    }
    return Future.all(agents).mapEmpty();
  }
}
