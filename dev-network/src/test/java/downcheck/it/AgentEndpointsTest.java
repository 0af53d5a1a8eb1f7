package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.agent.AgentVerticle;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An agent given {@code --http-port} answers a container platform's probes and Prometheus. */
class AgentEndpointsTest {
  static TestNetwork net;
  static Api agentApi;
  static Api networkApi;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1500));
    networkApi = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    AgentVerticle agent = net.startAgent(net.agent("sa-east", "sa-east-a1", null, List.of(canary.url()),
        "--http-port", "0"));
    agentApi = Api.notCoordinator("http://127.0.0.1:" + agent.httpPort());
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void healthAnswersAndReadyTellsTheIntakeKafkaAndCanaries() {
    assertThat(agentApi.get("/health").statusCode()).isEqualTo(200);
    await("ready").atMost(Duration.ofSeconds(10)).until(() -> agentApi.get("/ready").statusCode() == 200);
    JsonNode ready = Api.json(agentApi.get("/ready").body());
    assertThat(ready.get("status").asText()).isEqualTo("UP");
    assertThat(ready.get("agentId").asText()).isEqualTo("sa-east-a1");
    assertThat(ready.get("intake").asText()).isEqualTo("UP");
    assertThat(ready.get("kafka").asText()).isEqualTo("UP");
    assertThat(ready.get("canaries").get("status").asText()).isEqualTo("HEALTHY");
    assertThat(ready.get("canaries").get("ok").asInt()).isEqualTo(1);
  }

  @Test
  void metricsShowTheAgentsOwnTheJvmAndTheKafkaClients() throws Exception {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      networkApi.awaitFinal(networkApi.submit("{\"target\":\"" + target.url() + "\",\"regions\":[\"sa-east\"]}").id(),
          Duration.ofSeconds(20));
    }
    HttpResponse<String> metrics = agentApi.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
    assertThat(metrics.body()).contains("downcheck_agent_results_total{outcome=\"UP\"}",
        "downcheck_agent_probes_in_flight{agent=\"sa-east-a1\"}", "downcheck_agent_impaired{agent=\"sa-east-a1\"} 0",
        "downcheck_agent_probe_memory_held{agent=\"sa-east-a1\"} 0",
        "downcheck_agent_probe_memory_refusals_total{agent=\"sa-east-a1\"} 0",
        "jvm_memory_used_bytes{", "kafka_consumer_", "kafka_producer_");
  }

  @Test
  void anyOtherPathIsAProblem() {
    HttpResponse<String> res = agentApi.get("/nope");
    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }
}
