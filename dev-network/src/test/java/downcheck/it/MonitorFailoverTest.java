package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import downcheck.agent.AgentConfig;
import downcheck.agent.AgentVerticle;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorVerticle;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.dev.EmbeddedKafka;
import downcheck.runtime.telemetry.Telemetry;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TargetServer;
import downcheck.testing.Wait;
import downcheck.testing.WebhookReceiver;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Monitors across coordinators: the one scheduling a monitor dies during an outage and the other
 * takes over without losing or repeating a change; then every coordinator restarts and the
 * monitor, its schedule and its incidents come back from Kafka.
 */
class MonitorFailoverTest {
  static final Duration SOON = Duration.ofSeconds(30);
  static final List<String> REGIONS = List.of("eu-west", "us-east");
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void closeAll() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (Exception e) {
        // already closed by the test
      }
    }
  }

  @Test
  void theSurvivorTakesOverAnOutageAndAFullRestartKeepsTheMonitor() {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    closers.add(kafka);
    String bootstrap = kafka.bootstrapServers();
    String cluster = "downcheck-monitor-failover-" + UUID.randomUUID();
    Coordinator a = Coordinator.start(bootstrap, cluster, "a", true);
    closers.add(a);
    Coordinator b = Coordinator.start(bootstrap, cluster, "b", true);
    closers.add(b);
    await("two members").atMost(SOON).until(() -> b.hz.getCluster().getMembers().size() == 2);

    Vertx outside = Vertx.vertx();
    closers.add(() -> Wait.on(outside.close()));
    TargetServer canary = TargetServer.ok(outside);
    Telemetry telemetry = Telemetry.create();
    for (int i = 0; i < REGIONS.size(); i++) {
      AgentConfig agent = Configs.agent(bootstrap, "--region", REGIONS.get(i), "--agent-id", REGIONS.get(i) + "-a1",
          "--canaries", canary.url(), "--source-address", "127.0.0." + (2 + i));
      Wait.on(outside.deployVerticle(new AgentVerticle(agent, Clock.systemUTC(), telemetry)));
    }
    await("regions live").atMost(SOON).until(() -> a.api.regionNames().size() == 2 && b.api.regionNames().size() == 2);
    WebhookReceiver receiver = new WebhookReceiver(outside);
    SwitchableTarget target = SwitchableTarget.ok(outside);

    String id = Monitors.create(a.api, Monitors.body(target.url(), REGIONS, 2, receiver.url("/hook"), "k"));
    await("UP seen from B").atMost(SOON).until(() -> Monitors.state(b.api, id).equals("UP"));
    Coordinator scheduler = a.schedules(id) ? a : b;
    Coordinator survivor = scheduler == a ? b : a;

    target.stop();
    await("down told").atMost(SOON).until(() -> Monitors.events(receiver.accepted("/hook")).contains("monitor.down"));
    scheduler.kill();
    target.start();
    await("up told by the survivor").atMost(SOON)
        .until(() -> Monitors.events(receiver.accepted("/hook")).contains("monitor.up"));
    assertThat(Monitors.events(receiver.accepted("/hook"))).containsExactly("monitor.down", "monitor.up");
    assertThat(Monitors.state(survivor.api, id)).isEqualTo("UP");

    // every coordinator goes; a new one finds the monitor, its incident, and runs it
    survivor.close();
    Coordinator c = Coordinator.start(bootstrap, "downcheck-monitor-restart-" + UUID.randomUUID(), "c", false);
    closers.add(c);
    JsonNode monitor = Monitors.get(c.api, id);
    JsonNode incident = monitor.get("incidents").get(0);
    assertThat(incident.get("kind").asText()).isEqualTo("GLOBAL_OUTAGE");
    assertThat(incident.get("endedAt").isNull()).isFalse();
    String before = Monitors.lastCheckId(c.api, id);
    await("run after the restart").atMost(SOON).until(() -> !before.equals(Monitors.lastCheckId(c.api, id)));
    assertThat(Monitors.state(c.api, id)).isEqualTo("UP");

    // this coordinator does not allow private destinations: the network's one policy refuses the
    // loopback target and the loopback webhook alike, each named
    HttpResponse<String> refused = c.api.post("/api/v1/monitors",
        Monitors.body(target.url(), REGIONS, 2, receiver.url("/hook"), "k"));
    assertThat(refused.statusCode()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    Api.json(refused.body()).get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("target", "notify[0].url");
  }

  /** A coordinator with its own Hazelcast member and Vert.x, as a process would have. */
  private static final class Coordinator implements AutoCloseable {
    final HazelcastInstance hz;
    final Vertx vertx;
    final Api api;

    private Coordinator(HazelcastInstance hz, Vertx vertx, Api api) {
      this.hz = hz;
      this.vertx = vertx;
      this.api = api;
    }

    static Coordinator start(String bootstrap, String cluster, String id, boolean allowPrivateTargets) {
      HazelcastInstance hz = HazelcastSetup.start(cluster, List.of("127.0.0.1"), "127.0.0.1", 5701, 3600);
      List<String> flags = new ArrayList<>(List.of("--coordinator-id", id, "--hazelcast-cluster", cluster,
          "--hazelcast-members", "127.0.0.1", "--hazelcast-interface", "127.0.0.1", "--deadline-grace-ms", "1000",
          "--client-checks-per-minute", "0", "--target-checks-per-minute", "0", "--monitor-min-interval-seconds", "1",
          "--monitor-tick-ms", "100"));
      CoordinatorConfig config = allowPrivateTargets ? Configs.coordinator(bootstrap, flags.toArray(String[]::new))
          : Configs.guardedCoordinator(bootstrap, flags.toArray(String[]::new));
      Telemetry telemetry = Telemetry.create();
      Vertx vertx = telemetry.vertx();
      CoordinatorVerticle verticle = new CoordinatorVerticle(config, hz, Clock.systemUTC(), telemetry);
      Wait.on(vertx.deployVerticle(verticle));
      return new Coordinator(hz, vertx, new Api("http://127.0.0.1:" + verticle.httpPort()));
    }

    boolean schedules(String monitorId) {
      return hz.getPartitionService().getPartition(monitorId).getOwner().localMember();
    }

    /** Gone at once, as a killed process: its Hazelcast member leaves without handing anything over. */
    void kill() {
      hz.getLifecycleService().terminate();
      try {
        Wait.on(vertx.close(), Duration.ofSeconds(20));
      } catch (RuntimeException | AssertionError e) {
        // its parts failing to stop cleanly is what a kill looks like
      }
    }

    @Override
    public void close() {
      try {
        Wait.on(vertx.close(), Duration.ofSeconds(20));
      } catch (RuntimeException | AssertionError e) {
        // closing anyway
      }
      hz.shutdown();
    }
  }
}
