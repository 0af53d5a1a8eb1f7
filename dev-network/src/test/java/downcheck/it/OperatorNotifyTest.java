package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.agent.AgentConfig;
import downcheck.agent.AgentVerticle;
import downcheck.dev.EmbeddedKafka;
import downcheck.runtime.telemetry.Telemetry;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.Contract;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TargetServer;
import downcheck.testing.TestCoordinator;
import downcheck.testing.Wait;
import downcheck.testing.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator is told, on real parts: two coordinators on one broker and one Hazelcast cluster,
 * agents that stop, come back and go impaired, and the operator's webhook and Slack receivers.
 * Agents that stop beat every 2 s (silent after 6 s), the others every 3 s, so that a loaded machine
 * does not silence them; impaired is told after 6 s, a recovery after 1.8 s well.
 */
class OperatorNotifyTest {
  static final Duration SOON = Duration.ofSeconds(15);
  static final String SECRET = "ops-s3cret";
  /** The heartbeat interval of agents the test stops, and of those that must stay live throughout. */
  static final String STOPPED = "2000";
  static final String STAYS = "3000";
  private final List<AutoCloseable> closers = new ArrayList<>();
  private final Map<String, String> deployments = new ConcurrentHashMap<>();
  private final Telemetry agentTelemetry = Telemetry.create();
  private Vertx outside;
  private String bootstrap;

  @AfterEach
  void closeAll() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  @Test
  void eachSilenceLossAndImpairmentAndEachRecoveryIsToldOnceAcrossTwoCoordinators() throws IOException {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    closers.add(kafka);
    bootstrap = kafka.bootstrapServers();
    outside = Vertx.vertx();
    closers.add(() -> Wait.on(outside.close()));
    WebhookReceiver receiver = new WebhookReceiver(outside);
    Path file = Files.createTempFile("downcheck-operator-", ".json");
    file.toFile().deleteOnExit();
    Files.writeString(file, "[{\"type\": \"webhook\", \"url\": \"" + receiver.url("/ops") + "\", \"secret\": \"" + SECRET
        + "\"}, {\"type\": \"slack\", \"url\": \"" + receiver.url("/slack") + "\"}]");
    String cluster = "downcheck-operator-" + UUID.randomUUID();
    String[] flags = {"--operator-notify-file", file.toString(), "--operator-impaired-minutes", "0.1",
        "--operator-hold-minutes", "0.03", "--operator-tick-ms", "200", "--monitor-min-interval-seconds", "1"};
    TestCoordinator a = TestCoordinator.start(bootstrap, cluster, "a", flags);
    closers.add(a);
    TestCoordinator b = TestCoordinator.start(bootstrap, cluster, "b", flags);
    closers.add(b);
    await("two members").atMost(SOON).until(() -> b.hazelcast().getCluster().getMembers().size() == 2);

    TargetServer canary = TargetServer.ok(outside);
    SwitchableTarget sickCanary = SwitchableTarget.ok(outside);
    sickCanary.stop(); // refused: the agent checking it is impaired
    startAgent("eu-west", "eu-west-a1", canary.url(), STOPPED);
    startAgent("us-east", "us-east-a1", canary.url(), STOPPED);
    startAgent("us-east", "us-east-a2", canary.url(), STAYS);
    startAgent("ap-south", "ap-south-a1", sickCanary.url(), STAYS);
    await("agents live").atMost(SOON).until(() -> a.api().agentIds().size() == 4 && b.api().agentIds().size() == 4);
    // a monitor's owner, whose channel must never hear of the network's agents
    Monitors.create(a.api(), Monitors.body(canary.url(), List.of("us-east"), 1, receiver.url("/owner"), "k"));

    stopAgent("eu-west-a1"); // the region's last
    stopAgent("us-east-a1"); // its region keeps us-east-a2
    await("silences, the lost region and the impairment told").atMost(SOON).until(() -> told(receiver).containsAll(List.of(
        "operator.agent_silent eu-west-a1", "operator.agent_silent us-east-a1", "operator.region_lost eu-west",
        "operator.agent_impaired ap-south-a1")));

    sickCanary.start();
    startAgent("eu-west", "eu-west-a1", canary.url(), STOPPED);
    startAgent("us-east", "us-east-a1", canary.url(), STOPPED);
    await("recoveries told").atMost(SOON).until(() -> told(receiver).containsAll(List.of("operator.agent_back eu-west-a1",
        "operator.agent_back us-east-a1", "operator.region_back eu-west", "operator.agent_healthy ap-south-a1")));

    List<String> expected = List.of("operator.agent_silent eu-west-a1", "operator.agent_silent us-east-a1",
        "operator.region_lost eu-west", "operator.agent_impaired ap-south-a1", "operator.agent_back eu-west-a1",
        "operator.agent_back us-east-a1", "operator.region_back eu-west", "operator.agent_healthy ap-south-a1");
    // one delivery per event, though two coordinators watch the same agents: no second, no other
    await("nothing more").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
        .until(() -> told(receiver).size() == expected.size());
    assertThat(told(receiver)).containsExactlyInAnyOrderElementsOf(expected);
    receiver.accepted("/ops").forEach(r -> Contract.get().validateAt("the operator's notice " + r.header("X-Downcheck-Event"),
        "/components/schemas/OperatorNotice", Json.decodeValue(r.body())));
    assertThat(receiver.all().stream().filter(r -> r.path().equals("/slack")).map(r -> Api.json(r.body()).get("text")
        .asText())).hasSize(expected.size()).contains("region eu-west has agents again (eu-west-a1)")
        .anySatisfy(t -> assertThat(t).startsWith("region eu-west lost its last agent (eu-west-a1, last heard "));
    assertThat(receiver.all()).filteredOn(r -> r.path().equals("/owner"))
        .noneSatisfy(r -> assertThat(r.body()).contains("operator."));

    WebhookReceiver.Received silent = receiver.accepted("/ops").stream()
        .filter(r -> r.body().contains("operator.agent_silent") && r.body().contains("eu-west-a1")).findFirst().orElseThrow();
    JsonNode n = Api.json(silent.body());
    assertThat(n.get("event").asText()).isEqualTo("operator.agent_silent");
    assertThat(n.get("deliveryId").asText()).startsWith("d-op-").isEqualTo(silent.header("X-Downcheck-Delivery"));
    assertThat(silent.header("X-Downcheck-Event")).isEqualTo("operator.agent_silent");
    assertThat(WebhookReceiver.signedWith(silent, SECRET)).isTrue();
    assertThat(n.get("agent").get("agentId").asText()).isEqualTo("eu-west-a1");
    assertThat(n.get("agent").get("lastHeartbeat").isTextual()).isTrue();
    assertThat(n.get("region").asText()).isEqualTo("eu-west");
    assertThat(n.get("at").isTextual()).isTrue();
    assertThat(n.get("summary").asText()).startsWith("agent eu-west-a1 in eu-west is silent: last heard ");

    // each event decided by one coordinator and counted there
    String silentEvents = "downcheck_operator_events_total{event=\"operator.agent_silent\"}";
    assertThat(a.metric(silentEvents) + b.metric(silentEvents)).isEqualTo(2.0);
    String delivered = "downcheck_operator_notifications_total{channel=\"webhook\",outcome=\"delivered\"}";
    assertThat(a.metric(delivered) + b.metric(delivered)).isEqualTo(expected.size());
  }

  /** Each notice the operator's webhook took, as "event agent-or-region", one per request (duplicates kept). */
  private static List<String> told(WebhookReceiver receiver) {
    return receiver.accepted("/ops").stream().map(r -> Api.json(r.body())).map(n -> n.get("event").asText() + " "
        + (n.get("event").asText().startsWith("operator.region") ? n.get("region").asText()
        : n.get("agent").get("agentId").asText())).toList();
  }

  private void startAgent(String region, String agentId, String canary, String heartbeatMs) {
    AgentConfig config = Configs.agent(bootstrap, "--region", region, "--agent-id", agentId, "--canaries", canary,
        "--heartbeat-interval-ms", heartbeatMs);
    deployments.put(agentId, Wait.on(outside.deployVerticle(new AgentVerticle(config, Clock.systemUTC(),
        agentTelemetry))));
  }

  private void stopAgent(String agentId) {
    Wait.on(outside.undeploy(deployments.remove(agentId)));
  }
}
