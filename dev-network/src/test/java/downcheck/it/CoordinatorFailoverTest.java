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
import downcheck.model.wire.Topics;
import downcheck.runtime.KafkaSettings;
import downcheck.testing.Api;
import downcheck.testing.SseClient;
import downcheck.testing.TargetServer;
import downcheck.testing.Wait;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), Map.of(), Topics.defaults(), 3, (short) 1);
    String cluster = "downcheck-failover-" + UUID.randomUUID();
    HazelcastInstance hzA = HazelcastSetup.start(cluster, List.of("127.0.0.1"), "127.0.0.1", 5701, 3600);
    closers.add(hzA::shutdown);
    HazelcastInstance hzB = HazelcastSetup.start(cluster, List.of("127.0.0.1"), "127.0.0.1", 5701, 3600);
    closers.add(hzB::shutdown);
    await("two members").atMost(Duration.ofSeconds(30)).until(() -> hzB.getCluster().getMembers().size() == 2);

    Vertx vertxA = Vertx.vertx();
    closers.add(() -> vertxA.close());
    Vertx vertxB = Vertx.vertx();
    closers.add(() -> Wait.on(vertxB.close()));
    CoordinatorVerticle a = coordinator(vertxA, settings, cluster, "a", hzA);
    CoordinatorVerticle b = coordinator(vertxB, settings, cluster, "b", hzB);
    Api apiA = new Api("http://127.0.0.1:" + a.httpPort());
    Api apiB = new Api("http://127.0.0.1:" + b.httpPort());

    Vertx agents = Vertx.vertx();
    closers.add(() -> Wait.on(agents.close()));
    TargetServer canary = TargetServer.ok(agents);
    for (String region : List.of("eu-west", "us-east")) {
      Wait.on(agents.deployVerticle(new AgentVerticle(agent(settings, region, canary), Clock.systemUTC())));
    }
    String ghost = Wait.on(agents.deployVerticle(new AgentVerticle(
        new AgentConfig(settings, "ghost", "ghost-a1", "127.0.0.9", true, List.of(canary.url()), 1000, 1000, 16, 2),
        Clock.systemUTC())));
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

  private static CoordinatorVerticle coordinator(Vertx vertx, KafkaSettings settings, String cluster, String id,
      HazelcastInstance hz) {
    CoordinatorConfig config = new CoordinatorConfig(settings, id, "127.0.0.1", 0, cluster, List.of("127.0.0.1"),
        "127.0.0.1", 5701, Duration.ofHours(1), Duration.ofMillis(1000), null, null, 0, 0);
    CoordinatorVerticle c = new CoordinatorVerticle(config, hz, Clock.systemUTC());
    Wait.on(vertx.deployVerticle(c));
    return c;
  }

  private static AgentConfig agent(KafkaSettings settings, String region, TargetServer canary) {
    return new AgentConfig(settings, region, region + "-a1", null, true, List.of(canary.url()), 1000, 1000, 16, 2);
  }
}
