package downcheck.faults;

import static downcheck.faults.Checks.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.coordinator.verdict.VerdictPublisher;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.Diagnosis;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Quorum;
import downcheck.model.verdict.Verdict;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.SseClient;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records written straight to Kafka by a client that is no agent and no coordinator (what anyone
 * with write access to the topics could do): a result of an agent that no live heartbeat names in
 * its region closes no check and counts nowhere; a verdict from no coordinator of the cluster, or
 * larger than the cap, never reaches a live stream. Each is counted in /metrics.
 */
class ForgedRecordsTest {
  static final Duration WITHIN = Duration.ofSeconds(20);
  static final int MAX_VERDICT_CHARS = 64 * 1024;

  static TestNetwork net;
  static Api api;
  static KafkaProducer<String, String> forger;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.startWith(Duration.ofMillis(1000), "--unknown-agent-wait-ms", "300",
        "--max-verdict-chars", String.valueOf(MAX_VERDICT_CHARS));
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", "127.0.0.2", List.of(canary.url())));
    net.startAgent(net.agent("us-east", "us-east-a1", "127.0.0.3", List.of(canary.url())));
    forger = KafkaProducer.create(net.vertx(), net.kafka().producer("forger"));
  }

  @AfterAll
  static void stopNetwork() {
    if (forger != null) {
      // a producer outlives the Vert.x it was made on: closed here, or it calls the gone broker for the rest of the run
      Wait.on(forger.close());
    }
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aResultFromAnAgentNoLiveHeartbeatNamesInItsRegionClosesNoCheckAndCountsNowhere() {
    // the target answers only after a while, so the check is open when the forged results arrive
    try (TargetServer slow = TargetServer.start(net.vertx(),
        req -> net.vertx().setTimer(1500, t -> req.response().end("ok")))) {
      double before = metric("downcheck_results_dropped_total{reason=\"unknown-agent\"}");
      CheckView check = api.submit(body(slow.url(), List.of("eu-west", "us-east"), 6000));
      // an agent no one heard of, and a real agent in a region that is not its own
      forge(check.id(), "ghost-1", "eu-west");
      forge(check.id(), "eu-west-a1", "us-east");

      await("forged results dropped or taken").atMost(WITHIN)
          .until(() -> metric("downcheck_results_dropped_total{reason=\"unknown-agent\"}") - before >= 2
              || !agents(api.check(check.id())).isEmpty());
      CheckView now = api.check(check.id());
      assertThat(agents(now)).as("results the check took").isEmpty();
      assertThat(now.isFinal()).as("closed by forged results: %s", now.summary()).isFalse();
      assertThat(metric("downcheck_results_dropped_total{reason=\"unknown-agent\"}") - before).isEqualTo(2);

      CheckView done = api.awaitFinal(check.id(), WITHIN);
      assertThat(done.verdict()).as(done.summary()).isIn(Verdict.UP, Verdict.DEGRADED); // up, if slowly
      assertThat(agents(done)).containsExactlyInAnyOrder("eu-west-a1@eu-west", "us-east-a1@us-east");
    }
  }

  @Test
  void aVerdictFromNoCoordinatorOrLargerThanTheCapNeverReachesALiveStream() throws Exception {
    String member = net.hazelcast().getCluster().getLocalMember().getUuid().toString();
    double oversizedBefore = metric("downcheck_verdicts_dropped_total{reason=\"oversized\"}");
    double unknownBefore = metric("downcheck_verdicts_dropped_total{reason=\"unknown-origin\"}");
    try (SseClient stream = new SseClient(api.base() + "/api/v1/stream")) {
      assertThat(stream.status()).isEqualTo(200);
      // one partition for all, so the marker is read after the forged ones
      send(verdict("c-forged-big", "x".repeat(MAX_VERDICT_CHARS)), member + "/forger");
      send(verdict("c-forged-stranger", "the target is down, says a stranger"), null);
      send(verdict("c-forged-fake-member", "the target is down"), "00000000-0000-0000-0000-000000000000/x");
      send(verdict("c-marker", "a coordinator's"), member + "/test");

      List<String> seen = new ArrayList<>();
      while (!seen.contains("c-marker")) {
        SseClient.Event e = stream.next(WITHIN);
        seen.add(Codec.fromJson(e.data(), CheckView.class).id());
      }
      assertThat(seen).doesNotContain("c-forged-big", "c-forged-stranger", "c-forged-fake-member");
    }
    assertThat(metric("downcheck_verdicts_dropped_total{reason=\"oversized\"}") - oversizedBefore).isEqualTo(1);
    assertThat(metric("downcheck_verdicts_dropped_total{reason=\"unknown-origin\"}") - unknownBefore).isEqualTo(2);
  }

  private static void forge(String checkId, String agentId, String region) {
    ProbeResult r = new ProbeResult(Stamp.of(checkId, agentId, region, Instant.now(), null),
        ProbeOutcome.down(ErrorClass.CONNECT_REFUSED, Timings.total(3), "203.0.113.9", "forged"));
    Wait.on(forger.send(KafkaProducerRecord.create(net.kafka().topics().results(), checkId, Codec.toJson(r))));
  }

  private static String verdict(String id, String summary) {
    Assessment a = new Assessment(Verdict.GLOBAL_OUTAGE, true, false, 1, summary, Diagnosis.NONE, new Quorum(1, 1, 1, 1), List.of(), List.of());
    CheckView check = new CheckView(id, "https://forged.example/", ProbeKind.HTTP, Instant.now(), Instant.now(), false, a);
    return Codec.toJson(new VerdictEvent(1, check, null));
  }

  private static void send(String json, String origin) {
    String id = Codec.fromJson(json, VerdictEvent.class).check().id();
    KafkaProducerRecord<String, String> r = KafkaProducerRecord.create(net.kafka().topics().verdicts(), id, json, null, 0);
    if (origin != null) {
      r.addHeader(VerdictPublisher.ORIGIN_HEADER, origin);
    }
    Wait.on(forger.send(r));
  }

  /** agent@region of every result the check holds. */
  private static List<String> agents(CheckView v) {
    return v.regions().stream().flatMap(r -> r.results().stream().map(x -> x.agentId() + "@" + r.region())).toList();
  }

  private static double metric(String name) {
    for (String line : api.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).strip());
      }
    }
    return 0;
  }
}
