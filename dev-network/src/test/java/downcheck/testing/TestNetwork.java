package downcheck.testing;

import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import downcheck.agent.AgentConfig;
import downcheck.agent.AgentVerticle;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorVerticle;
import downcheck.dev.EmbeddedKafka;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A whole downcheck network in this JVM, on real parts: the embedded Kafka broker (KRaft),
 * a Hazelcast member of its own cluster, a coordinator on a free port, and agents added per
 * test. Everything talks over loopback sockets as it would across machines.
 */
public final class TestNetwork implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final HazelcastInstance hazelcast;
  private final Vertx vertx;
  private final Telemetry telemetry;
  private final KafkaSettings settings;
  private final CoordinatorVerticle coordinator;
  private final Map<String, String> agentDeployments = new ConcurrentHashMap<>();
  private final Api api;

  private TestNetwork(EmbeddedKafka kafka, HazelcastInstance hazelcast, Vertx vertx, Telemetry telemetry,
      KafkaSettings settings, CoordinatorVerticle coordinator) {
    this.telemetry = telemetry;
    this.kafka = kafka;
    this.hazelcast = hazelcast;
    this.vertx = vertx;
    this.settings = settings;
    this.coordinator = coordinator;
    this.api = new Api("http://127.0.0.1:" + coordinator.httpPort());
  }

  /** Starts broker, Hazelcast and coordinator; {@code grace} is the time after a timeout for results. */
  public static TestNetwork start(Duration grace) {
    return start(grace, Set.of(), 0, 0);
  }

  /** With API keys and rate limits (per client, per target; 0 = none). */
  public static TestNetwork start(Duration grace, Set<String> apiKeys, int clientPerMinute, int targetPerMinute) {
    return start("127.0.0.1", grace, apiKeys, clientPerMinute, targetPerMinute, true, List.of());
  }

  /** With more coordinator flags (e.g. the monitors' settings). */
  public static TestNetwork start(Duration grace, Set<String> apiKeys, int clientPerMinute, int targetPerMinute,
      List<String> moreFlags) {
    return start("127.0.0.1", grace, apiKeys, clientPerMinute, targetPerMinute, true, moreFlags);
  }

  /**
   * The same, with the coordinator reading time from {@code clock} (e.g. a {@link MovableClock},
   * to live through a minute's limit without waiting); agents keep the system clock.
   */
  public static TestNetwork start(Clock clock, Duration grace, Set<String> apiKeys, int clientPerMinute,
      int targetPerMinute, List<String> moreFlags) {
    return start("127.0.0.1", grace, apiKeys, clientPerMinute, targetPerMinute, true, moreFlags, clock);
  }

  /** With more of the coordinator's flags, e.g. {@code "--max-submits-in-flight", "1"}; limits off unless given. */
  public static TestNetwork startWith(Duration grace, String... coordinatorFlags) {
    return start("127.0.0.1", grace, Set.of(), 0, 0, true, List.of(coordinatorFlags));
  }

  /** With the coordinator under the network's default policy: private and loopback targets refused at submit. */
  public static TestNetwork startGuarded(Duration grace) {
    return start("127.0.0.1", grace, Set.of(), 0, 0, false, List.of());
  }

  /** The same, with more of the coordinator's flags. */
  public static TestNetwork startGuarded(Duration grace, List<String> moreFlags) {
    return start("127.0.0.1", grace, Set.of(), 0, 0, false, moreFlags);
  }

  /**
   * With the broker bound to and advertising {@code brokerHost}: an address agents in other
   * network namespaces reach (the host end of a veth pair).
   */
  public static TestNetwork startWithBrokerOn(String brokerHost, Duration grace) {
    return start(brokerHost, grace, Set.of(), 0, 0, true, List.of());
  }

  private static TestNetwork start(String brokerHost, Duration grace, Set<String> apiKeys, int clientPerMinute,
      int targetPerMinute, boolean allowPrivateTargets, List<String> moreFlags) {
    return start(brokerHost, grace, apiKeys, clientPerMinute, targetPerMinute, allowPrivateTargets, moreFlags,
        Clock.systemUTC());
  }

  private static TestNetwork start(String brokerHost, Duration grace, Set<String> apiKeys, int clientPerMinute,
      int targetPerMinute, boolean allowPrivateTargets, List<String> moreFlags, Clock clock) {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary(brokerHost, 0);
    String cluster = "downcheck-test-" + UUID.randomUUID();
    HazelcastInstance hz = HazelcastSetup.start(cluster, List.of(), "127.0.0.1", 5701, 3600);
    Telemetry telemetry = Telemetry.create();
    Vertx vertx = telemetry.vertx();
    List<String> flags = new ArrayList<>(List.of("--coordinator-id", "test",
        "--hazelcast-cluster", cluster, "--deadline-grace-ms", String.valueOf(grace.toMillis()),
        "--api-keys", String.join(",", apiKeys), "--client-checks-per-minute", String.valueOf(clientPerMinute),
        "--target-checks-per-minute", String.valueOf(targetPerMinute), "--client-monitor-writes-per-minute", "0"));
    flags.addAll(moreFlags); // picocli: a flag given twice, the last one wins
    String[] all = flags.toArray(String[]::new);
    CoordinatorConfig config = allowPrivateTargets ? Configs.coordinator(kafka.bootstrapServers(), all)
        : Configs.guardedCoordinator(kafka.bootstrapServers(), all);
    CoordinatorVerticle coordinator = new CoordinatorVerticle(config, hz, clock, telemetry);
    Wait.on(vertx.deployVerticle(coordinator));
    return new TestNetwork(kafka, hz, vertx, telemetry, config.kafka(), coordinator);
  }

  public Api api() {
    return api;
  }

  public Vertx vertx() {
    return vertx;
  }

  public KafkaSettings kafka() {
    return settings;
  }

  public CoordinatorVerticle coordinator() {
    return coordinator;
  }

  /** The coordinator's Hazelcast member, for parts of a second coordinator sharing its state. */
  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** An agent of this region, bound to a source address (or any, when null), whose canaries are the given URLs. */
  public AgentConfig agent(String region, String agentId, String sourceAddress, List<String> canaries,
      String... moreFlags) {
    List<String> flags = new ArrayList<>(List.of("--region", region, "--agent-id", agentId,
        "--canaries", String.join(",", canaries), "--max-concurrency", "64"));
    if (sourceAddress != null) {
      flags.addAll(List.of("--source-address", sourceAddress));
    }
    flags.addAll(List.of(moreFlags));
    return Configs.agent(settings.bootstrap(), flags.toArray(String[]::new));
  }

  /** Starts the agent and waits until the coordinator lists it as live. */
  public AgentVerticle startAgent(AgentConfig config) {
    AgentVerticle agent = new AgentVerticle(config, Clock.systemUTC(), telemetry);
    String id = Wait.on(vertx.deployVerticle(agent));
    agentDeployments.put(config.agentId(), id);
    await("agent " + config.agentId() + " live").atMost(Duration.ofSeconds(20))
        .until(() -> api.agentIds().contains(config.agentId()));
    return agent;
  }

  public void stopAgent(String agentId) {
    String id = agentDeployments.remove(agentId);
    if (id != null) {
      Wait.on(vertx.undeploy(id));
    }
  }

  /** Stops the Kafka broker, as if it were lost; the rest keeps running. */
  public void stopBroker() {
    kafka.close();
  }

  @Override
  public void close() {
    try {
      Wait.on(vertx.close());
    } catch (Exception e) {
      // closing anyway
    }
    hazelcast.shutdown();
    kafka.close();
  }
}
