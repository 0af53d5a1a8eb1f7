package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Hop;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.result.TracePath;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.testing.Api;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's half of "where the path breaks" (docs/consensus.md) on the real broker and
 * Hazelcast: the agents of two regions are played by this test (heartbeats, and answers to the
 * checks they are sent, on the real topics), so the trace checks the coordinator asks for are
 * seen as agents see them and answered with paths chosen here. The traces themselves, by real
 * agents over a real router, are system/PathSplitIT's.
 */
class PathSplitTest {
  static final Duration WITHIN = Duration.ofSeconds(15);
  static final String FAILING = "ps-eu";
  static final String HEALTHY = "ps-us";

  static TestNetwork net;
  static Api api;
  static KafkaProducer<String, String> agents;
  static KafkaConsumer<String, String> checks;
  static KafkaConsumer<String, String> verdicts;
  static final Queue<CheckRequest> sent = new ConcurrentLinkedQueue<>();
  static final Queue<VerdictEvent> published = new ConcurrentLinkedQueue<>();
  static long timer;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(500));
    api = net.api();
    agents = KafkaProducer.create(net.vertx(), net.kafka().producer("ps-agents"));
    checks = KafkaConsumer.create(net.vertx(), net.kafka().consumer("ps-checks", "ps-checks", "earliest"));
    checks.handler(r -> sent.add(Codec.fromJson(r.value(), CheckRequest.class)));
    verdicts = KafkaConsumer.create(net.vertx(), net.kafka().consumer("ps-verdicts", "ps-verdicts", "earliest"));
    verdicts.handler(r -> published.add(Codec.fromJson(r.value(), VerdictEvent.class)));
    Wait.on(checks.subscribe(net.kafka().topics().checks()));
    Wait.on(verdicts.subscribe(net.kafka().topics().verdicts()));
    timer = net.vertx().setPeriodic(0, 500, id -> {
      beat(FAILING + "-a1", FAILING);
      beat(HEALTHY + "-a1", HEALTHY);
    });
    await("the played agents are live").atMost(WITHIN)
        .until(() -> api.agentIds().containsAll(List.of(FAILING + "-a1", HEALTHY + "-a1")));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.vertx().cancelTimer(timer);
      Wait.on(checks.close());
      Wait.on(verdicts.close());
      Wait.on(agents.close());
      net.close();
    }
  }

  static void beat(String agentId, String region) {
    // sent every 500 ms, said to come every 5 s: a loaded machine's stall never makes the played agents gone
    Heartbeat h = new Heartbeat(Schema.VERSION, agentId, region, "test", AgentStatus.HEALTHY, new CanaryCounts(3, 0),
        null, Instant.now(), 5000);
    agents.send(KafkaProducerRecord.create(net.kafka().topics().agents(), agentId, Codec.toJson(h)));
  }

  static void answer(String checkId, String region, ProbeOutcome outcome) {
    ProbeResult r = new ProbeResult(Stamp.of(checkId, region + "-a1", region, Instant.now(), null), outcome);
    Wait.on(agents.send(KafkaProducerRecord.create(net.kafka().topics().results(), checkId, Codec.toJson(r))));
  }

  static CheckRequest awaitSent(String id) {
    return await("check " + id + " on downcheck.checks").atMost(WITHIN)
        .until(() -> sent.stream().filter(c -> c.checkId().equals(id)).findFirst().orElse(null), c -> c != null);
  }

  static TracePath path(boolean reached, String... addresses) {
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i < addresses.length; i++) {
      String a = addresses[i].equals("*") ? null : addresses[i];
      hops.add(new Hop(i + 1, a, null, a == null ? null : 0.5 + i, a == null ? 1.0 : 0.0));
    }
    return new TracePath("tcp", hops, reached);
  }

  /** The check of {@code target}, answered: down at the network level from FAILING, up from HEALTHY. */
  static CheckView regionalTimeout(String target, int timeoutMs, boolean afterTheTimeout) {
    CheckView v = api.submit("{\"target\":\"" + target + "\",\"regions\":[\"" + FAILING + "\",\"" + HEALTHY
        + "\"],\"timeoutMs\":" + timeoutMs + "}");
    awaitSent(v.id());
    if (afterTheTimeout) {
      // as a real connect timeout comes: once the check's timeout has passed
      Instant timedOut = v.createdAt().plusMillis(timeoutMs);
      await("the check's timeout").atMost(WITHIN).until(() -> Instant.now().isAfter(timedOut));
    }
    answer(v.id(), FAILING, ProbeOutcome.down(ErrorClass.CONNECT_TIMEOUT, Timings.total(timeoutMs), "198.51.100.7",
        "connect timed out"));
    answer(v.id(), HEALTHY, ProbeOutcome.up(Timings.total(40), "198.51.100.7").withHttpStatus(200));
    return v;
  }

  static List<VerdictEvent> finals(String id) {
    return published.stream().filter(e -> e.check().id().equals(id) && e.check().isFinal()).toList();
  }

  @Test
  void aTimeoutInOneRegionIsTracedFromItAndAHealthyOneAndTheFinalVerdictNamesWhereThePathsPart() {
    CheckView v = regionalTimeout("http://198.51.100.7:8080/health", 4000, false);

    CheckRequest failingTrace = awaitSent("p-" + v.id().substring(2) + "-f");
    CheckRequest healthyTrace = awaitSent("p-" + v.id().substring(2) + "-h");
    for (CheckRequest t : List.of(failingTrace, healthyTrace)) {
      assertThat(t.kind()).isEqualTo(ProbeKind.TRACE);
      assertThat(t.target()).as("the address the failing agent dialled, at the check's port")
          .isEqualTo("trace://198.51.100.7:8080");
      assertThat(t.options().trace().protocol()).isEqualTo("tcp");
      assertThat(t.timeoutMs()).as("within the check's own timeout").isLessThanOrEqualTo(4000);
    }
    assertThat(failingTrace.regions()).containsExactly(FAILING);
    assertThat(healthyTrace.regions()).containsExactly(HEALTHY);

    CheckView tracing = api.check(v.id());
    assertThat(tracing.isFinal()).as("no final before the traces").isFalse();
    assertThat(tracing.deadline()).as("answered early: the traces fit before the deadline")
        .isAfterOrEqualTo(v.deadline());
    assertThat(tracing.diagnosis().evidence()).contains("tracing the path from ps-eu and ps-us");

    TracePath cut = path(false, "10.1.0.1", "*", "*");
    answer(failingTrace.checkId(), FAILING, ProbeOutcome.down(ErrorClass.TIMEOUT, Timings.total(3000), "198.51.100.7",
        "no answer past hop 1").withTrace(cut));
    answer(failingTrace.checkId(), FAILING, ProbeOutcome.down(ErrorClass.TIMEOUT, Timings.total(3000), "198.51.100.7",
        "delivered twice").withTrace(cut));
    answer(healthyTrace.checkId(), HEALTHY, ProbeOutcome.up(Timings.total(900), "198.51.100.7")
        .withTrace(path(true, "10.2.0.1", "10.3.0.2")));

    CheckView done = api.awaitFinal(v.id(), WITHIN);
    assertThat(done.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(done.diagnosis().pathSplit().failing().lastHop().address()).isEqualTo("10.1.0.1");
    assertThat(done.diagnosis().pathSplit().healthy().firstDifferentHop().address()).isEqualTo("10.3.0.2");
    assertThat(done.diagnosis().evidence()).endsWith("the path from ps-eu stops after 10.1.0.1; ps-us goes on through 10.3.0.2");
    JsonNode json = Api.json(api.get("/api/v1/checks/" + v.id()).body()).get("diagnosis").get("pathSplit");
    assertThat(json.get("failing").get("hops")).hasSize(3);
    assertThat(json.get("healthy").get("hops")).hasSize(2);
    assertThat(json.get("failing").get("region").asText()).isEqualTo(FAILING);

    await("the final on downcheck.verdicts").atMost(WITHIN).until(() -> !finals(v.id()).isEmpty());
    await("and no second final").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> finals(v.id()).size() == 1);
    assertThat(finals(v.id()).get(0).check().diagnosis().pathSplit()).isEqualTo(done.diagnosis().pathSplit());
  }

  @Test
  void tracesThatNeverComeBackEndTheCheckAtItsMovedDeadlineWithinItsTimeout() {
    CheckView v = regionalTimeout("http://198.51.100.8:8081/", 1000, true);
    awaitSent("p-" + v.id().substring(2) + "-h");

    CheckView done = api.awaitFinal(v.id(), WITHIN);
    assertThat(done.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(done.diagnosis().pathSplit()).isNull();
    assertThat(done.diagnosis().evidence()).endsWith("no trace came back from ps-eu and ps-us");
    assertThat(Duration.between(v.deadline(), done.deadline())).as("moved by at most the check's timeout")
        .isPositive().isLessThanOrEqualTo(Duration.ofMillis(1000));
    assertThat(Instant.now()).as("final by its moved deadline").isBefore(done.deadline().plusSeconds(3));
    await("no second final").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> finals(v.id()).size() == 1);
  }
}
