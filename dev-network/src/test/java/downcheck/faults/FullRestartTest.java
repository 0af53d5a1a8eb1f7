package downcheck.faults;

import static downcheck.faults.Checks.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.LastingChecks;
import downcheck.coordinator.verdict.VerdictReplay;
import downcheck.dev.EmbeddedKafka;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every coordinator stopped, so Hazelcast's memory is gone; a new one on the same Kafka rebuilds
 * the recent checks and the hosts' histories from {@code downcheck.verdicts}, saying
 * {@code 503 REPLAYING} on {@code /ready} until it has.
 */
class FullRestartTest {
  static final Duration FINAL_WITHIN = Duration.ofSeconds(20);

  private EmbeddedKafka kafka;
  private TestAgents agents;
  private TestCoordinator before;
  private TestCoordinator after;
  private TestCoordinator joiner;
  private HazelcastInstance hand;

  @AfterEach
  void closeAll() {
    if (hand != null) {
      hand.shutdown();
    }
    for (AutoCloseable c : new AutoCloseable[] {joiner, after, before, agents, kafka}) {
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
  void aCheckAndTheHistoryFinalisedBeforeAFullRestartStillAnswerAfterIt() throws Exception {
    kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    String cluster = "downcheck-restart-" + UUID.randomUUID();
    before = TestCoordinator.start(kafka.bootstrapServers(), cluster, "before");
    agents = new TestAgents(kafka.bootstrapServers());
    TargetServer canary = TargetServer.ok(agents.vertx());
    agents.start("eu-west", "127.0.0.2", canary.url());
    agents.start("us-east", "127.0.0.3", canary.url());
    Api api = before.api();
    await("regions live").atMost(Duration.ofSeconds(20)).until(() -> api.regionNames().size() == 2);
    TargetServer target = TargetServer.ok(agents.vertx());
    List<String> two = List.of("eu-west", "us-east");
    CheckView older = api.awaitFinal(api.submit(body(target.url(), two, 2000)).id(), FINAL_WITHIN);
    CheckView newer = api.awaitFinal(api.submit(body(target.url() + "again", two, 2000)).id(), FINAL_WITHIN);
    // a record no coordinator can read sits among the verdicts: the replay skips and counts it
    KafkaProducer<String, String> producer = KafkaProducer.create(agents.vertx(),
        Configs.coordinator(kafka.bootstrapServers()).kafka().producer("test-garbage"));
    Wait.on(producer.send(KafkaProducerRecord.create("downcheck.verdicts", "garbage", "{not json")));
    producer.close();

    before.close(); // the only coordinator: the Hazelcast cluster is gone with it
    // a fresh cluster, and the test's hand in it: holding the newer check's key holds the replay back
    // at its write, so /ready is seen saying so while it lasts
    hand = TestCoordinator.member(kafka.bootstrapServers(), cluster);
    IMap<String, Object> checks = hand.getMap(CheckStore.MAP_NAME);
    checks.lock(newer.id());
    try {
      after = TestCoordinator.start(kafka.bootstrapServers(), cluster, "after");
      await("replaying").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        HttpResponse<String> replaying = after.api().get("/ready");
        assertThat(replaying.statusCode()).isEqualTo(503);
        assertThat(Api.json(replaying.body()).get("state").asText()).isEqualTo("REPLAYING");
      });
    } finally {
      checks.unlock(newer.id());
    }
    after.awaitReady(Duration.ofSeconds(40));
    assertThat(Api.json(after.api().get("/ready").body()).get("state").asText()).isEqualTo("RESTORED");

    Api again = after.api();
    CheckView restored = again.check(newer.id());
    assertThat(restored.isFinal()).isTrue();
    assertThat(restored.verdict()).isEqualTo(Verdict.UP).isEqualTo(newer.verdict());
    assertThat(Codec.toJson(restored)).isEqualTo(Codec.toJson(newer));
    JsonNode history = Api.json(again.get("/api/v1/targets/127.0.0.1/history").body());
    assertThat(history.findValuesAsText("id")).containsExactly(newer.id(), older.id());
    assertThat(after.metric("downcheck_malformed_records_total{topic=\"downcheck.verdicts\"}")).isGreaterThanOrEqualTo(1);
    // the links were rebuilt too: once the check store lets a check go (its TTL, here at once),
    // the link answers the same check
    assertThat(after.hazelcast().getMap(LastingChecks.MAP_NAME).containsKey(older.id())).isTrue();
    after.hazelcast().getMap(CheckStore.MAP_NAME).delete(older.id());
    assertThat(Codec.toJson(again.check(older.id()))).isEqualTo(Codec.toJson(older));

    // a check after the restart joins the history in front of the restored ones
    CheckView later = again.awaitFinal(again.submit(body(target.url() + "later", two, 2000)).id(), FINAL_WITHIN);
    await("history of three").atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        Api.json(again.get("/api/v1/targets/127.0.0.1/history").body()).findValuesAsText("id"))
        .containsExactly(later.id(), newer.id(), older.id()));

    // a coordinator joining the live cluster keeps its state and rebuilds nothing: with the same key
    // held, a replay would hang at its write, and the joiner is ready all the same
    checks.lock(newer.id());
    try {
      joiner = TestCoordinator.start(kafka.bootstrapServers(), cluster, "joiner").awaitReady(Duration.ofSeconds(40));
    } finally {
      checks.unlock(newer.id());
    }
    assertThat(joiner.hazelcast().getMap(VerdictReplay.MARKER_MAP).get("restored-by")).isEqualTo("after");
    HttpResponse<String> ready = joiner.api().get("/ready");
    assertThat(Api.json(ready.body()).get("state").asText()).isEqualTo("RESTORED");
    assertThat(joiner.api().check(later.id()).isFinal()).isTrue();
  }
}
