package downcheck.it;

import static downcheck.it.EndToEndTest.body;
import static downcheck.it.EndToEndTest.results;
import static downcheck.it.EndToEndTest.statusByRegion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.result.Outcome;
import downcheck.model.verdict.Cause;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Is it me?" on real parts: agents whose own network is broken (their canaries point at a
 * dead port) and an asker who cannot reach the target must never turn into "down for
 * everyone". Also the verdicts that read the target's answers: slow, and maintenance.
 */
class LocalProblemTest {
  static final Duration FINAL_WITHIN = Duration.ofSeconds(20);
  static final List<String> HEALTHY = List.of("eu-west", "us-east");

  static TestNetwork net;
  static Api api;
  static TargetServer canary;
  static String deadCanary;

  @BeforeAll
  static void startNetwork() throws IOException {
    // three canary failures quarantine an agent here (one weighs 1, fading over an hour): the trust
    // record's path, driven by heartbeats; a healthy agent's rare blip on a loaded machine stays under it
    net = TestNetwork.startWith(Duration.ofMillis(1500), "--trust-quarantine-score", "2.5");
    api = net.api();
    canary = TargetServer.ok(net.vertx());
    deadCanary = "http://127.0.0.1:" + EndToEndTest.closedPort() + "/";
    net.startAgent(net.agent("eu-west", "eu-west-a1", "127.0.0.2", List.of(canary.url())));
    net.startAgent(net.agent("us-east", "us-east-a1", "127.0.0.3", List.of(canary.url())));
    // a lone agent whose own network is broken
    net.startAgent(net.agent("ap-south", "ap-south-a1", "127.0.0.4", List.of(deadCanary)));
    // a whole region whose agents are all broken
    net.startAgent(net.agent("sa-east", "sa-east-a1", "127.0.0.7", List.of(deadCanary)));
    net.startAgent(net.agent("sa-east", "sa-east-a2", "127.0.0.8", List.of(deadCanary)));
    await("broken agents report IMPAIRED").atMost(Duration.ofSeconds(15))
        .until(() -> impairedAgents().containsAll(Set.of("ap-south-a1", "sa-east-a1", "sa-east-a2")));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void agentsAndRegionsShowWhoIsImpairedAndWhy() {
    JsonNode agents = Api.json(api.get("/api/v1/agents").body());
    JsonNode sick = find(agents, "agentId", "ap-south-a1");
    assertThat(sick.get("status").asText()).isEqualTo("IMPAIRED");
    assertThat(sick.get("canaries").get("failed").asInt()).isEqualTo(1);
    // the why, for the person reading it: how many canaries failed, and the last failure
    assertThat(sick.get("reason").asText()).startsWith("1 of 1 canaries failed").contains("127.0.0.1")
        .containsIgnoringCase("refused");
    JsonNode healthy = find(agents, "agentId", "eu-west-a1");
    assertThat(healthy.get("status").asText()).isEqualTo("HEALTHY");
    assertThat(healthy.get("reason").isNull()).as("a healthy agent has nothing to explain").isTrue();
    assertThat(find(agents, "agentId", "sa-east-a2").get("reason").asText()).startsWith("1 of 1 canaries failed");

    JsonNode regions = Api.json(api.get("/api/v1/regions").body());
    JsonNode saEast = find(regions, "region", "sa-east");
    assertThat(saEast.get("agents").asInt()).isEqualTo(2);
    assertThat(saEast.get("impaired").asInt()).isEqualTo(2);
    assertThat(saEast.get("healthy").asInt()).isZero();
    assertThat(find(regions, "region", "eu-west").get("healthy").asInt()).isEqualTo(1);
  }

  @Test
  void anImpairedAgentIsAListedLocalIssueAndNeverCountsAgainstAnUpTarget() {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView done = api.awaitFinal(api.submit(body(target.url(), List.of("eu-west", "us-east", "ap-south"), 3000)).id(),
          FINAL_WITHIN);

      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      assertThat(statusByRegion(done).get("ap-south")).isNotEqualTo(RegionStatus.DOWN).isEqualTo(RegionStatus.IMPAIRED);
      assertThat(done.localIssues()).extracting(LocalIssue::agentId).contains("ap-south-a1");
      assertThat(done.localIssues()).filteredOn(i -> "ap-south-a1".equals(i.agentId()))
          .allSatisfy(i -> assertThat(i.reason()).contains("canar"));
    }
  }

  @Test
  void aRegionWhoseAgentsAreAllImpairedIsImpairedAndTheOthersDecide() {
    // the target refuses the broken region's agents: their failures must not read as an outage
    Set<String> broken = Set.of("127.0.0.7", "127.0.0.8");
    try (TargetServer target = TargetServer.start(net.vertx(), req -> {
      if (broken.contains(req.remoteAddress().host())) {
        req.connection().close();
      } else {
        req.response().end("ok");
      }
    })) {
      CheckView done = api.awaitFinal(api.submit(body(target.url(), List.of("eu-west", "us-east", "sa-east"), 3000)).id(),
          FINAL_WITHIN);

      assertThat(statusByRegion(done)).containsEntry("sa-east", RegionStatus.IMPAIRED);
      assertThat(done.verdict()).isNotIn(Verdict.GLOBAL_OUTAGE, Verdict.REGIONAL_OUTAGE).isEqualTo(Verdict.UP);
      assertThat(results(done)).filteredOn(r -> r.region().equals("sa-east")).singleElement().satisfies(r -> {
        assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
        // judged at the moment of the probe: the canary re-check failed too
        assertThat(r.impaired()).isTrue();
      });
    }
  }

  @Test
  void whenOnlyTheAskerCannotReachAnUpTargetItIsJustThem() {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView done = api.awaitFinal(api.submit("{\"target\":\"" + target.url() + "\",\"regions\":[\"eu-west\",\"us-east\"],"
          + "\"timeoutMs\":3000,\"client\":{\"reachable\":false,\"error\":\"timed out\"}}").id(), FINAL_WITHIN);

      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      assertThat(done.justYou()).isTrue();
      assertThat(done.summary()).containsIgnoringCase("just you");
      assertThat(done.localIssues()).extracting(LocalIssue::scope).contains("client");
    }
  }

  @Test
  void aTargetSlowerThanSlowMsEverywhereIsDegraded() {
    try (TargetServer target = TargetServer.start(net.vertx(),
        req -> net.vertx().setTimer(400, t -> req.response().end("ok")))) {
      CheckView done = api.awaitFinal(api.submit("{\"target\":\"" + target.url() + "\",\"regions\":[\"eu-west\",\"us-east\"],"
          + "\"timeoutMs\":3000,\"slowMs\":200}").id(), FINAL_WITHIN);

      assertThat(done.verdict()).isEqualTo(Verdict.DEGRADED);
      assertThat(done.justYou()).isFalse();
    }
  }

  @Test
  void a503WithRetryAfterEverywhereIsAGlobalOutageForMaintenance() {
    try (TargetServer target = TargetServer.start(net.vertx(),
        req -> req.response().setStatusCode(503).putHeader("Retry-After", "120").end("down for maintenance"))) {
      CheckView done = api.awaitFinal(api.submit(body(target.url(), HEALTHY, 3000)).id(), FINAL_WITHIN);

      assertThat(done.verdict()).isEqualTo(Verdict.GLOBAL_OUTAGE);
      assertThat(done.diagnosis().cause()).isEqualTo(Cause.MAINTENANCE);
      assertThat(done.summary()).contains("maintenance");
    }
  }

  @Test
  void anAgentWhoseCanariesFailedIsQuarantinedAndItsResultShownButNotCounted() {
    AtomicBoolean canaryUp = new AtomicBoolean(true);
    try (TargetServer flaky = TargetServer.start(net.vertx(), req -> {
      if (canaryUp.get()) {
        req.response().end("ok");
      } else {
        req.connection().close();
      }
    });
        TargetServer target = TargetServer.start(net.vertx(), req -> {
          // the quarantined agent alone cannot reach the target: were it counted, me-south would be DOWN
          if ("127.0.0.9".equals(req.remoteAddress().host())) {
            req.connection().close();
          } else {
            req.response().end("ok");
          }
        })) {
      try {
        quarantineAndCheck(canaryUp, flaky, target);
      } finally {
        net.stopAgent("me-south-a1"); // before its canary server goes
      }
    }
  }

  private static void quarantineAndCheck(AtomicBoolean canaryUp, TargetServer flaky, TargetServer target) {
    net.startAgent(net.agent("me-south", "me-south-a1", "127.0.0.9", List.of(flaky.url()),
        "--canary-interval-ms", "500", "--heartbeat-interval-ms", "1000"));
    assertThat(find(Api.json(api.get("/api/v1/agents").body()), "agentId", "eu-west-a1").get("trust").toString())
        .isEqualTo("{\"score\":0.0,\"quarantined\":false,\"reasons\":[]}");

    for (int turn = 1; turn <= 3; turn++) {
      canaryUp.set(false); // its heartbeat turns IMPAIRED: a canary failure in its record
      await("me-south-a1 impaired").atMost(Duration.ofSeconds(15)).until(() -> impairedAgents().contains("me-south-a1"));
      canaryUp.set(true);
      await("me-south-a1 healthy again").atMost(Duration.ofSeconds(15)).until(() -> !impairedAgents().contains("me-south-a1"));
    }
    await("me-south-a1 quarantined").atMost(Duration.ofSeconds(10)).until(() -> find(
        Api.json(api.get("/api/v1/agents").body()), "agentId", "me-south-a1").get("trust").get("quarantined").asBoolean());
    JsonNode trust = find(Api.json(api.get("/api/v1/agents").body()), "agentId", "me-south-a1").get("trust");
    assertThat(trust.get("reasons").get(0).asText()).isEqualTo("3 canary failures in the last 1 h");

    CheckView done = api.awaitFinal(api.submit(body(target.url(), List.of("eu-west", "us-east", "me-south"), 3000)).id(),
        FINAL_WITHIN);
    assertThat(done.verdict()).isEqualTo(Verdict.UP);
    assertThat(statusByRegion(done)).containsEntry("me-south", RegionStatus.IMPAIRED);
    assertThat(results(done)).filteredOn(r -> r.agentId().equals("me-south-a1")).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
      assertThat(r.impaired()).isFalse();
      assertThat(r.quarantined()).isTrue();
    });
    assertThat(done.localIssues()).filteredOn(i -> "me-south-a1".equals(i.agentId())).singleElement()
        .satisfies(i -> assertThat(i.reason()).startsWith("quarantined: 3 canary failures in the last 1 h (score "));
  }

  private static Set<String> impairedAgents() {
    Set<String> out = new HashSet<>();
    for (JsonNode a : Api.json(api.get("/api/v1/agents").body())) {
      if (a.get("status").asText().equals("IMPAIRED")) {
        out.add(a.get("agentId").asText());
      }
    }
    return out;
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.get(field).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + array);
  }
}
