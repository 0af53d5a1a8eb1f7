package downcheck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.dev.EmbeddedKafka;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.TargetServer;
import downcheck.testing.TestAgents;
import downcheck.testing.TestCoordinator;
import downcheck.testing.Wait;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The promises that span coordinators, each kept with two of them sharing one Hazelcast cluster
 * and one broker: coalescing, the per-target limit, and the live set of agents.
 */
class TwoCoordinatorsTest {
  static final Duration WITHIN = Duration.ofSeconds(20);
  static final List<String> REGIONS = List.of("eu-west", "us-east");

  static EmbeddedKafka kafka;
  static TestCoordinator a;
  static TestCoordinator b;
  static TestAgents agents;
  static TargetServer canary;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    String cluster = "downcheck-two-" + UUID.randomUUID();
    // at most 2 new sets of probes a minute per host, counted across both
    a = TestCoordinator.start(kafka.bootstrapServers(), cluster, "a", "--target-checks-per-minute", "2");
    b = TestCoordinator.start(kafka.bootstrapServers(), cluster, "b", "--target-checks-per-minute", "2");
    await("one cluster of two").atMost(WITHIN).until(() -> b.hazelcast().getCluster().getMembers().size() == 2);
    agents = new TestAgents(kafka.bootstrapServers());
    canary = TargetServer.ok(agents.vertx());
    agents.start("eu-west", "127.0.0.2", canary.url());
    agents.start("us-east", "127.0.0.3", canary.url());
    await("regions live on both").atMost(WITHIN)
        .until(() -> a.api().regionNames().equals(REGIONS.stream().sorted().toList())
            && b.api().regionNames().equals(REGIONS.stream().sorted().toList()));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {agents, b, a, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  @Test
  void aRepeatedCheckOnTheOtherCoordinatorIsSharedAndKeepsEachAskersOwnJustYouBothWays() {
    try (TargetServer target = TargetServer.start(agents.vertx(), "127.0.0.21",
        req -> agents.vertx().setTimer(500, t -> req.response().end("ok")))) {
      // A first, its asker cannot reach the target; B second, its asker can
      assertSharedWithOwnView(a.api(), false, b.api(), true, target.url() + "one");
      // B first, its asker can; A second, its asker cannot
      assertSharedWithOwnView(b.api(), true, a.api(), false, target.url() + "two");
      // one probe per region per question, not two
      await("probes done").atMost(WITHIN).until(() -> target.callers().size() >= 4);
      assertThat(target.callers()).hasSize(4);
    }
  }

  private static void assertSharedWithOwnView(Api firstApi, boolean firstReachable, Api secondApi,
      boolean secondReachable, String url) {
    CheckView first = firstApi.submit(withClient(url, firstReachable));
    HttpResponse<String> again = secondApi.post("/api/v1/checks", withClient(url, secondReachable));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    CheckView second = Codec.fromJson(again.body(), CheckView.class);
    assertThat(second.coalesced()).isTrue();

    CheckView firstDone = firstApi.awaitFinal(first.id(), WITHIN);
    CheckView secondDone = secondApi.awaitFinal(second.id(), WITHIN);
    assertThat(firstDone.justYou()).as("first asker").isEqualTo(!firstReachable);
    assertThat(secondDone.justYou()).as("second asker").isEqualTo(!secondReachable);
    // each coordinator reads both checks the same way: the state is shared
    assertThat(secondApi.check(first.id()).justYou()).isEqualTo(!firstReachable);
    assertThat(firstApi.check(second.id()).justYou()).isEqualTo(!secondReachable);
  }

  private static String withClient(String url, boolean reachable) {
    return "{\"target\":\"" + url + "\",\"regions\":[\"eu-west\",\"us-east\"],\"timeoutMs\":3000,"
        + "\"client\":{\"reachable\":" + reachable + "}}";
  }

  @Test
  void thePerTargetLimitHoldsAcrossBothCoordinators() {
    try (TargetServer target = TargetServer.start(agents.vertx(), "127.0.0.22", req -> req.response().end("ok"))) {
      String fresh = "{\"target\":\"" + target.url() + "\",\"fresh\":true,\"timeoutMs\":2000}";
      // a minute window must not turn over between the two sides of the test
      await("not at a minute's end").atMost(Duration.ofSeconds(11))
          .until(() -> Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond() < 50);
      assertThat(a.api().post("/api/v1/checks", fresh).statusCode()).isEqualTo(202);
      assertThat(b.api().post("/api/v1/checks", fresh).statusCode()).isEqualTo(202);

      HttpResponse<String> onA = a.api().post("/api/v1/checks", fresh);
      HttpResponse<String> onB = b.api().post("/api/v1/checks", fresh);
      assertThat(onA.statusCode()).as(onA.body()).isEqualTo(429);
      assertThat(onB.statusCode()).as(onB.body()).isEqualTo(429);
      assertThat(Api.json(onB.body()).get("detail").asText()).contains("127.0.0.22");
      await("the two allowed checks probed").atMost(WITHIN).until(() -> target.callers().size() == 4);
    }
  }

  @Test
  void aStoppedAgentLeavesTheLiveSetAtOnceByItsTombstoneWhileASilentOneExpires() throws Exception {
    // heartbeats every 5 s: by expiry the stopped agent would stay listed for 15 s
    String stopped = agents.start("sa-east", "127.0.0.4", canary.url(), "--heartbeat-interval-ms", "5000");
    await("sa-east live on both").atMost(WITHIN)
        .until(() -> a.api().agentIds().contains(stopped) && b.api().agentIds().contains(stopped));

    long t0 = System.nanoTime();
    agents.stop(stopped);
    await("tombstone seen by both").atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
        .until(() -> !a.api().agentIds().contains(stopped) && !b.api().agentIds().contains(stopped));
    long goneMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(goneMs).as("gone by tombstone, long before the 15 s of expiry").isLessThan(4_000);

    // an agent that goes silent (killed: no tombstone) is kept for three of its intervals, then dropped
    Instant sent = Instant.now();
    KafkaProducer<String, String> producer = KafkaProducer.create(agents.vertx(),
        Configs.coordinator(kafka.bootstrapServers()).kafka().producer("test-silent"));
    try {
      Wait.on(producer.send(KafkaProducerRecord.create("downcheck.agents", "silent-a1", Codec.toJson(
          new Heartbeat(1, "silent-a1", "silent", "test", AgentStatus.HEALTHY, new CanaryCounts(1, 0), null, sent, 1500)))));
    } finally {
      Wait.on(producer.close());
    }
    await("silent agent live").atMost(Duration.ofSeconds(4)).until(() -> b.api().agentIds().contains("silent-a1"));
    await("silent agent expired").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> !a.api().agentIds().contains("silent-a1") && !b.api().agentIds().contains("silent-a1"));
    assertThat(Duration.between(sent, Instant.now())).as("kept for three intervals of 1.5 s")
        .isGreaterThanOrEqualTo(Duration.ofMillis(4_500));
  }
}
