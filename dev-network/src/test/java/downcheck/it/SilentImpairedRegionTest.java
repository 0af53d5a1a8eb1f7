package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's half of issue 10, case 1: a region whose agents never answer a check is
 * IMPAIRED with their heartbeat's reason when the network knows them to be impaired, and MISSING
 * when it does not. The silent agents are heartbeats on the real topic from agents whose probes
 * never come back (a hung process looks the same); the rest of the network is real.
 */
class SilentImpairedRegionTest {
  static TestNetwork net;
  static Api api;
  static TargetServer site;
  static KafkaProducer<String, String> heartbeats;
  static long timer;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1000));
    api = net.api();
    site = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", "127.0.0.2", List.of(site.url())));
    net.startAgent(net.agent("us-east", "us-east-a1", "127.0.0.3", List.of(site.url())));
    heartbeats = KafkaProducer.create(net.vertx(), net.kafka().producer("silent-agents"));
    timer = net.vertx().setPeriodic(0, 500, id -> {
      beat("ap-south-h1", "ap-south", AgentStatus.IMPAIRED, "3 of 3 canaries failed (x: CONNECT_TIMEOUT)");
      beat("sa-east-h1", "sa-east", AgentStatus.HEALTHY, null);
    });
    await("the silent agents are live").atMost(Duration.ofSeconds(20))
        .until(() -> api.agentIds().containsAll(List.of("ap-south-h1", "sa-east-h1")));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.vertx().cancelTimer(timer);
      // its own producer, not one of the network's: left open it would go on asking for the stopped broker
      Wait.on(heartbeats.close());
      net.close();
    }
  }

  static void beat(String agentId, String region, AgentStatus status, String reason) {
    Heartbeat h = new Heartbeat(Schema.VERSION, agentId, region, "test", status,
        status == AgentStatus.IMPAIRED ? new CanaryCounts(0, 3) : new CanaryCounts(3, 0), reason, Instant.now(), 1000);
    heartbeats.send(KafkaProducerRecord.create(net.kafka().topics().agents(), agentId, Codec.toJson(h)));
  }

  @Test
  void aSilentRegionWhoseAgentsSayTheyAreImpairedIsImpairedWithTheirReasonAndAnotherIsMissing() {
    CheckView v = api.submit("{\"target\":\"" + site.url() + "\",\"timeoutMs\":1000}");
    CheckView done = api.awaitFinal(v.id(), Duration.ofSeconds(20));

    // 2 usable of 4 regions, 3 needed: the network could not see enough, which is no outage
    assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(region(done, "ap-south").status()).isEqualTo(RegionStatus.IMPAIRED);
    assertThat(region(done, "ap-south").results()).isEmpty();
    assertThat(region(done, "sa-east").status()).as("silent, and nothing known of it").isEqualTo(RegionStatus.MISSING);
    assertThat(done.localIssues()).containsExactly(LocalIssue.agent("ap-south-h1", "ap-south",
        "3 of 3 canaries failed (x: CONNECT_TIMEOUT); no result by the deadline"));
    JsonNode json = Api.json(api.get("/api/v1/checks/" + v.id()).body());
    assertThat(json.get("localIssues").get(0).get("reason").asText()).startsWith("3 of 3 canaries failed");
  }

  static RegionReport region(CheckView v, String name) {
    return v.regions().stream().filter(r -> r.region().equals(name)).findFirst().orElseThrow();
  }
}
