package downcheck.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.core.http.HttpServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, case 1, on real parts: an agent in a network namespace whose firewall drops every
 * packet but those to its Kafka broker. Its heartbeats say IMPAIRED; a check with timeoutMs 3000
 * must show its region IMPAIRED and the agent in localIssues, never MISSING: the probe and the
 * instant canary re-check both fit in the check's deadline. The other regions run in this JVM.
 */
class ImpairedAgentIT {
  static NetworkNamespace ns;
  static TestNetwork net;
  static HttpServer target;
  static Process agent;
  static Path log = Path.of("target", "system-impaired-agent.log");

  @BeforeAll
  static void start() throws Exception {
    ns = NetworkNamespace.create("impaired");
    net = TestNetwork.startWithBrokerOn(ns.hostAddress(), Duration.ofSeconds(2));
    // the target and the canaries listen on the host's end of the veth: reachable from both sides
    target = Wait.on(net.vertx().createHttpServer()
        .requestHandler(req -> req.response().end("ok")).listen(0, ns.hostAddress()));
    String url = "http://" + ns.hostAddress() + ":" + target.actualPort() + "/";
    net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(url)));
    net.startAgent(net.agent("us-east", "us-east-a1", null, List.of(url)));

    int kafkaPort = Integer.parseInt(net.kafka().bootstrap().substring(net.kafka().bootstrap().lastIndexOf(':') + 1));
    ns.dropAllBut(ns.hostAddress(), kafkaPort);
    agent = new ProcessBuilder(ns.inside(javaJar(System.getProperty("downcheck.agentJar"),
        "--kafka", net.kafka().bootstrap(), "--partitions", "3", "--region", "ap-south", "--agent-id", "ap-south-ns1",
        "--allow-private-targets", "--canaries", url, "--canary-interval-ms", "1000", "--heartbeat-interval-ms", "1000")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) {
      agent.destroyForcibly().waitFor();
    }
    if (net != null) {
      net.close();
    }
    if (ns != null) {
      ns.close();
    }
  }

  @Test
  void anAgentThatLostAllButKafkaIsImpairedAndALocalIssueEvenWithATimeoutOf3000() throws Exception {
    Api api = net.api();
    await("the namespaced agent's heartbeat says IMPAIRED").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> "IMPAIRED".equals(agentStatus(api, "ap-south-ns1")));

    String targetUrl = "http://" + ns.hostAddress() + ":" + target.actualPort() + "/";
    // a first check warms the fresh agent JVM's probe and result paths (class loading, the
    // producer's first metadata), as any agent that has been running a while is
    api.awaitFinal(api.submit("{\"target\":\"" + targetUrl + "warm-up\",\"timeoutMs\":3000}").id(),
        Duration.ofSeconds(20));
    CheckView submitted = api.submit("{\"target\":\"" + targetUrl + "\",\"timeoutMs\":3000}");
    CheckView done = api.awaitFinal(submitted.id(), Duration.ofSeconds(20));

    assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.UP);
    RegionReport apSouth = region(done, "ap-south");
    assertThat(apSouth.status()).as("log of the agent: %s", tail()).isEqualTo(RegionStatus.IMPAIRED);
    assertThat(done.localIssues()).filteredOn(i -> "agent".equals(i.scope())).singleElement().satisfies(i -> {
      assertThat(i.agentId()).isEqualTo("ap-south-ns1");
      assertThat(i.region()).isEqualTo("ap-south");
      assertThat(i.reason()).contains("canar");
    });
    // the agent's own result came before the deadline: probe and re-check fit in its budget
    assertThat(apSouth.results()).as("ap-south's result, in time").singleElement().satisfies(r -> {
      assertThat(r.impaired()).isTrue();
      assertThat(r.finishedAt()).isBefore(done.deadline());
    });
    System.out.printf("impaired agent: result %s, %d ms before the deadline%n", apSouth.results().get(0).errorClass(),
        Duration.between(apSouth.results().get(0).finishedAt(), done.deadline()).toMillis());
  }

  static RegionReport region(CheckView v, String name) {
    return v.regions().stream().filter(r -> r.region().equals(name)).findFirst().orElseThrow();
  }

  static String agentStatus(Api api, String agentId) {
    for (JsonNode a : Api.json(api.get("/api/v1/agents").body())) {
      if (a.get("agentId").asText().equals(agentId)) {
        return a.get("status").asText();
      }
    }
    return null;
  }

  static String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (Exception e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static List<String> javaJar(String jar, String... args) {
    if (jar == null || !new File(jar).isFile()) {
      throw new AssertionError("downcheck.agentJar is not a built jar: " + jar + " (run mvn verify, which packages first)");
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
