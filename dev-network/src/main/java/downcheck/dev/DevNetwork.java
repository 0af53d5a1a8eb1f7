package downcheck.dev;

import com.hazelcast.core.HazelcastInstance;
import downcheck.agent.AgentOptions;
import downcheck.agent.AgentVerticle;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorOptions;
import downcheck.coordinator.CoordinatorVerticle;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.settings.KafkaOptions;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code downcheck dev}: a real Kafka broker (KRaft, embedded; or the one {@code --kafka} names),
 * an embedded Hazelcast member, the coordinator, and one agent per region, in one process.
 * Unless {@code --canaries} is given, the agents' canary is the coordinator's own
 * {@code /health}, so a machine without internet still has healthy agents.
 */
final class DevNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(DevNetwork.class);

  private DevNetwork() {}

  /** What to start: the broker's address, the regions, and the parsed flags of each part. */
  public record Plan(String brokerHost, int brokerPort, List<String> regions, String agentIdPrefix,
      KafkaOptions kafka, CoordinatorOptions coordinator, AgentOptions agents, boolean allowPrivateTargets) {}

  public static void start(Plan plan) {
    long started = System.nanoTime();
    EmbeddedKafka broker = plan.kafka().bootstrap() == null
        ? EmbeddedKafka.startTemporary(plan.brokerHost(), plan.brokerPort()) : null;
    KafkaSettings kafka = broker == null ? plan.kafka().settings() : plan.kafka().settings(broker.bootstrapServers());
    CoordinatorConfig config = plan.coordinator().config(kafka, plan.allowPrivateTargets());
    HazelcastInstance hz = HazelcastSetup.start(config.hazelcastCluster() + "-dev", List.of(), "127.0.0.1",
        config.hazelcastPort(), config.checkTtl().toSeconds());
    Telemetry telemetry = Telemetry.create();
    Vertx vertx = telemetry.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().await();
      hz.shutdown();
      if (broker != null) {
        broker.close();
      }
    }, "downcheck-dev-shutdown"));

    CoordinatorVerticle coordinator = new CoordinatorVerticle(config, hz, Clock.systemUTC(), telemetry);
    vertx.deployVerticle(coordinator)
        .compose(id -> deployAgents(vertx, plan, kafka, telemetry, coordinator.httpPort()))
        .onSuccess(v -> LOG.info("downcheck dev ready in {} ms: http://localhost:{} with regions {}, Kafka at {}",
            (System.nanoTime() - started) / 1_000_000, coordinator.httpPort(), plan.regions(), kafka.bootstrap()))
        .onFailure(err -> {
          LOG.error("downcheck dev did not start: {}", err.toString());
          // not on this event loop: exiting runs the shutdown hook, which waits for Vert.x to close,
          // and Vert.x cannot close while one of its loops waits in System.exit
          new Thread(() -> System.exit(1), "downcheck-dev-exit").start();
        });
  }

  private static Future<Void> deployAgents(Vertx vertx, Plan plan, KafkaSettings kafka, Telemetry telemetry,
      int httpPort) {
    List<String> ownHealth = List.of("http://127.0.0.1:" + httpPort + "/health");
    List<Future<String>> agents = new ArrayList<>();
    // the agents share this process's cores: a lane per core each would be more event-loop
    // contexts than loops, and probes handed between them (measured on 2 cores with three
    // regions: 454 fresh checks/s with one lane each, 326 with two)
    int lanes = lanesPerAgent(Runtime.getRuntime().availableProcessors(), plan.regions().size());
    for (String region : plan.regions()) {
      String agentId = plan.agentIdPrefix() + region + "-dev";
      var config = plan.agents().config(kafka, region, agentId, ownHealth, null, plan.allowPrivateTargets(), lanes);
      agents.add(vertx.deployVerticle(new AgentVerticle(config, Clock.systemUTC(), telemetry)));
    }
    return Future.all(agents).mapEmpty();
  }

  /** Each agent's probe lanes: the cores shared between the agents, at least one; no agents, none needed. */
  static int lanesPerAgent(int cores, int agents) {
    return Math.max(1, cores / Math.max(1, agents));
  }
}
