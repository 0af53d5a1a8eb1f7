package downcheck.testing;

import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorVerticle;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One coordinator in this JVM with everything of its own, as if on its own machine: its Vert.x,
 * its Hazelcast member (of {@code cluster}, finding the others on loopback), its metrics. Several
 * of them on one broker make a cluster of coordinators.
 */
public final class TestCoordinator implements AutoCloseable {
  /** Hazelcast ports of these tests' coordinators, away from the default 5701 of a coordinator run by hand. */
  private static final String FIRST_PORT = "21701";
  private static final String MEMBERS = "127.0.0.1:21701,127.0.0.1:21702,127.0.0.1:21703";
  private final String id;
  private final HazelcastInstance hazelcast;
  private final Vertx vertx;
  private final Telemetry telemetry;
  private final CoordinatorVerticle verticle;
  private final Api api;

  private TestCoordinator(String id, HazelcastInstance hazelcast, Vertx vertx, Telemetry telemetry,
      CoordinatorVerticle verticle) {
    this.id = id;
    this.hazelcast = hazelcast;
    this.vertx = vertx;
    this.telemetry = telemetry;
    this.verticle = verticle;
    this.api = new Api("http://127.0.0.1:" + verticle.httpPort());
  }

  /** Starts a coordinator of {@code cluster} on the broker; {@code flags} as an operator gives them. */
  public static TestCoordinator start(String bootstrap, String cluster, String id, String... flags) {
    return start(Clock.systemUTC(), bootstrap, cluster, id, flags);
  }

  /** The same on the test's {@code clock} (a {@link MovableClock}, say): the time its rules read. */
  public static TestCoordinator start(Clock clock, String bootstrap, String cluster, String id, String... flags) {
    List<String> args = new ArrayList<>(List.of("--coordinator-id", id, "--hazelcast-cluster", cluster,
        "--hazelcast-members", MEMBERS, "--hazelcast-port", FIRST_PORT, "--hazelcast-interface", "127.0.0.1",
        "--client-checks-per-minute", "0", "--target-checks-per-minute", "0", "--client-monitor-writes-per-minute", "0",
        "--deadline-grace-ms", "1000"));
    args.addAll(List.of(flags));
    CoordinatorConfig config = Configs.coordinator(bootstrap, args.toArray(String[]::new));
    HazelcastInstance hz = HazelcastSetup.start(HazelcastSetup.config(config.hazelcastCluster(),
        config.hazelcastMembers(), null, config.hazelcastInterface(), config.hazelcastPort(), config.checkTtl().toSeconds()));
    Telemetry telemetry = Telemetry.create();
    Vertx vertx = telemetry.vertx();
    CoordinatorVerticle verticle = new CoordinatorVerticle(config, hz, clock, telemetry);
    try {
      Wait.on(vertx.deployVerticle(verticle));
    } catch (RuntimeException | AssertionError e) {
      Wait.on(vertx.close());
      hz.shutdown();
      throw e;
    }
    return new TestCoordinator(id, hz, vertx, telemetry, verticle);
  }

  /**
   * A bare Hazelcast member of {@code cluster} on these tests' ports, no coordinator: a test's
   * hand in the shared state (a lock that holds a coordinator's write back, say).
   */
  public static HazelcastInstance member(String bootstrap, String cluster) {
    CoordinatorConfig config = Configs.coordinator(bootstrap, "--hazelcast-cluster", cluster, "--hazelcast-members", MEMBERS,
        "--hazelcast-port", FIRST_PORT, "--hazelcast-interface", "127.0.0.1");
    return HazelcastSetup.start(HazelcastSetup.config(config.hazelcastCluster(), config.hazelcastMembers(), null,
        config.hazelcastInterface(), config.hazelcastPort(), config.checkTtl().toSeconds()));
  }

  public String id() {
    return id;
  }

  public Api api() {
    return api;
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A counter or gauge of this coordinator's own registry, as Prometheus scrapes it; 0 when absent. */
  public double metric(String nameWithLabels) {
    for (String line : telemetry.scrape().split("\n")) {
      if (line.startsWith(nameWithLabels + " ")) {
        return Double.parseDouble(line.substring(nameWithLabels.length() + 1).strip());
      }
    }
    return 0;
  }

  /** Waits until {@code GET /ready} answers 200. */
  public TestCoordinator awaitReady(Duration within) {
    await(id + " ready").atMost(within).pollInterval(Duration.ofMillis(100))
        .until(() -> api.get("/ready").statusCode() == 200);
    return this;
  }

  /**
   * Gone as a killed process goes: its Hazelcast member vanishes without a goodbye (the others
   * learn it from missing heartbeats), its HTTP port and Kafka clients die with it.
   */
  public void kill() {
    hazelcast.getLifecycleService().terminate();
    vertx.close();
  }

  @Override
  public void close() {
    try {
      Wait.on(vertx.close(), Duration.ofSeconds(30));
    } catch (RuntimeException | AssertionError e) {
      // closing anyway
    }
    hazelcast.shutdown();
  }
}
