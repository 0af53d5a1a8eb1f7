package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A network under its default policy (DESIGN "Security"): a target it will not probe is a 400
 * naming the rule when the coordinator can tell without resolving, and its own honest answer
 * when only the agents' resolving tells: never "down", never "impaired".
 */
class RefusedTargetTest {
  static TestNetwork net;
  static Api api;
  static TargetServer internal;
  static TargetServer canary;
  static Path hosts;

  @BeforeAll
  static void startNetwork() throws IOException {
    net = TestNetwork.startGuarded(Duration.ofMillis(1500));
    api = net.api();
    internal = TargetServer.ok(net.vertx());
    canary = TargetServer.ok(net.vertx());
    // a private deployment's internal name, as the agents' hosts file has it
    hosts = Files.createTempFile("downcheck-hosts", "");
    Files.writeString(hosts, "127.0.0.1 intranet.test\n");
    for (String region : List.of("eu-west", "us-east")) {
      net.startAgent(Configs.guardedAgent(net.kafka().bootstrap(), "--region", region, "--agent-id", region + "-a1",
          "--canaries", canary.url(), "--hosts-file", hosts.toString()));
    }
  }

  @AfterAll
  static void stopNetwork() throws IOException {
    if (net != null) {
      net.close();
    }
    Files.deleteIfExists(hosts);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://127.0.0.1:PORT/", "http://localhost:PORT/", "http://app.localhost:PORT/",
      "tcp://[::1]:PORT", "http://169.254.169.254/latest/meta-data/", "dns://localhost"})
  void aTargetTheNetworkWillNotProbeIsA400NamingTheRule(String form) {
    HttpResponse<String> res = api.post("/api/v1/checks", "{\"target\":\"" + form.replace("PORT",
        String.valueOf(internal.port())) + "\",\"timeoutMs\":1000}");
    assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode error = Api.json(res.body()).get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo("target");
    assertThat(error.get("message").asText()).contains("refused by policy").contains("does not probe private");
    // nor probed: a probe sent anyway would come by the deadline (1 s timeout + 1.5 s grace)
    await("no probe").during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> internal.callers().isEmpty());
  }

  @Test
  void aDnsCheckOfAPrivateNamePublishesNoneOfItsAddresses() {
    CheckView done = api.awaitFinal(api.submit("{\"target\":\"dns://intranet.test\"}").id(), Duration.ofSeconds(20));

    assertThat(done.regions()).extracting(RegionReport::status).containsOnly(RegionStatus.REFUSED);
    assertThat(done.regions()).flatExtracting(RegionReport::results).allSatisfy((ProbeResult r) -> {
      assertThat(r.errorClass()).isEqualTo(ErrorClass.TARGET_REFUSED);
      assertThat(r.addresses()).isEmpty();
    });
    assertThat(api.get("/api/v1/checks/" + done.id()).body()).doesNotContain("127.0.0.1");
  }

  @Test
  void aNameThatResolvesToAPrivateAddressIsRefusedByTheAgentsWithItsOwnAnswer() {
    CheckView v = api.submit("{\"target\":\"http://intranet.test:" + internal.port() + "/\"}");
    CheckView done = api.awaitFinal(v.id(), Duration.ofSeconds(20));

    assertThat(done.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(done.regions()).extracting(RegionReport::status).containsOnly(RegionStatus.REFUSED);
    assertThat(done.regions()).flatExtracting(RegionReport::results).allSatisfy((ProbeResult r) -> {
      assertThat(r.errorClass()).isEqualTo(ErrorClass.TARGET_REFUSED);
      assertThat(r.impaired()).isFalse();
      // the agent's network is its own: the answer says why, never which address
      assertThat(r.message()).contains("intranet.test resolves only to addresses that are not allowed: loopback")
          .doesNotContain("127.0.0.1");
    });
    assertThat(api.get("/api/v1/checks/" + v.id()).body()).doesNotContain("127.0.0.1");
    assertThat(done.localIssues()).isEmpty();
    assertThat(done.summary()).contains("does not probe private addresses");
    assertThat(done.isFinal()).as("every region answered: final before the deadline").isTrue();
    assertThat(internal.callers()).as("nothing was connected to").isEmpty();
  }
}
