package downcheck.it;

import static downcheck.it.EndToEndTest.statusByRegion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import downcheck.agent.AgentConfig;
import downcheck.agent.AgentVerticle;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorVerticle;
import downcheck.dev.EmbeddedKafka;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.runtime.telemetry.Telemetry;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.SseClient;
import downcheck.testing.TargetServer;
import downcheck.testing.Wait;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two coordinators sharing check state through Hazelcast. The one that took a check dies
 * mid-way: the other folds the remaining results, closes the check at its deadline, and its
 * stream clients see the end.
 */
class CoordinatorFailoverTest {
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (Exception e) {
        // already closed by the test
      }
    }
  }

  @Test
  void theSurvivingCoordinatorFinishesACheckWhoseCoordinatorDied() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    closers.add(kafka);
    String cluster = "downcheck-failover-" + UUID.randomUUID();
    HazelcastInstance hzA = HazelcastSetup.start(cluster, List.of("127.0.0.1"), "127.0.0.1", 5701, 3600);
    closers.add(hzA::shutdown);
    HazelcastInstance hzB = HazelcastSetup.start(cluster, List.of("127.0.0.1"), "127.0.0.1", 5701, 3600);
    closers.add(hzB::shutdown);
    await("two members").atMost(Duration.ofSeconds(30)).until(() -> hzB.getCluster().getMembers().size() == 2);

    Telemetry telemetry = Telemetry.create();
    Vertx vertxA = telemetry.vertx();
    closers.add(() -> vertxA.close());
    Vertx vertxB = Vertx.vertx();
    closers.add(() -> Wait.on(vertxB.close()));
    String bootstrap = kafka.bootstrapServers();
    CoordinatorVerticle a = coordinator(vertxA, bootstrap, cluster, "a", hzA, telemetry);
    CoordinatorVerticle b = coordinator(vertxB, bootstrap, cluster, "b", hzB, Telemetry.create());
    Api apiA = new Api("http://127.0.0.1:" + a.httpPort());
    Api apiB = new Api("http://127.0.0.1:" + b.httpPort());

    Vertx agents = Vertx.vertx();
    closers.add(() -> Wait.on(agents.close()));
    TargetServer canary = TargetServer.ok(agents);
    for (String region : List.of("eu-west", "us-east")) {
      Wait.on(agents.deployVerticle(new AgentVerticle(agent(bootstrap, region, canary), Clock.systemUTC(), telemetry)));
    }
    String ghost = Wait.on(agents.deployVerticle(new AgentVerticle(
        agent(bootstrap, "ghost", canary, "--source-address", "127.0.0.9"), Clock.systemUTC(), telemetry)));
    await("three regions live on B").atMost(Duration.ofSeconds(20)).until(() -> apiB.regionNames().size() == 3);

    try (TargetServer target = TargetServer.start(agents, req -> agents.setTimer(800, t -> req.response().end("ok")))) {
      CheckView accepted = apiA.submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":2000}");
      try (SseClient onB = new SseClient(apiB.base() + "/api/v1/checks/" + accepted.id() + "/events")) {
        await("ghost probing").atMost(Duration.ofSeconds(10)).until(() -> target.callers().contains("127.0.0.9"));
        // the ghost region never answers, and the coordinator that took the check dies
        Wait.on(agents.undeploy(ghost));
        Wait.on(vertxA.close());
        hzA.shutdown();

        List<SseClient.Event> events = onB.untilEnd(Duration.ofSeconds(30));
        SseClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("final");
        CheckView fin = Codec.fromJson(last.data(), CheckView.class);
        assertThat(fin.verdict()).isEqualTo(Verdict.UP);
        assertThat(statusByRegion(fin)).containsEntry("ghost", RegionStatus.MISSING)
            .containsEntry("eu-west", RegionStatus.UP).containsEntry("us-east", RegionStatus.UP);
        assertThat(apiB.check(accepted.id()).isFinal()).isTrue();
      }
    }
  }

  private static CoordinatorVerticle coordinator(Vertx vertx, String bootstrap, String cluster, String id,
      HazelcastInstance hz, Telemetry telemetry) {
    CoordinatorConfig config = Configs.coordinator(bootstrap, "--coordinator-id", id, "--hazelcast-cluster", cluster,
        "--hazelcast-members", "127.0.0.1", "--hazelcast-interface", "127.0.0.1", "--deadline-grace-ms", "1000",
        "--client-checks-per-minute", "0", "--target-checks-per-minute", "0");
    CoordinatorVerticle c = new CoordinatorVerticle(config, hz, Clock.systemUTC(), telemetry);
    Wait.on(vertx.deployVerticle(c));
    return c;
  }

  private static AgentConfig agent(String bootstrap, String region, TargetServer canary, String... more) {
    List<String> flags = new ArrayList<>(List.of("--region", region, "--agent-id", region + "-a1",
        "--canaries", canary.url(), "--max-concurrency", "16"));
    flags.addAll(List.of(more));
    return Configs.agent(bootstrap, flags.toArray(String[]::new));
  }
}
