package downcheck.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.result.ErrorClass;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.PathSplit;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 19, "where it breaks", on real networks: two agents (packaged jars, each in its own
 * namespace and region) reach an HTTP server in a target namespace through a router namespace,
 * whose firewall drops what one region's agent sends to the target. The check is a regional
 * outage whose diagnosis names the router as the last hop the cut region reached and the target
 * as the first hop the other went on to, both paths in its JSON: real mtr traces, asked by the
 * coordinator, answered by the agents, compared by the rule of docs/consensus.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PathSplitIT {
  static final int PORT = 8080;
  static PathLab lab;
  static TestNetwork net;
  static HttpServer canary;
  static String canaryUrl;
  static final List<Process> processes = new ArrayList<>();
  static final Path LOGS = Path.of("target");

  @BeforeAll
  static void start() throws Exception {
    lab = PathLab.create();
    lab.cutAtRouterFor(PathLab.A);
    net = TestNetwork.startWithBrokerOn(PathLab.HOST, Duration.ofSeconds(2));
    // the agents' canary listens on this host, reached by both without the router: neither agent is impaired
    canary = Wait.on(net.vertx().createHttpServer().requestHandler(req -> req.response().end("ok"))
        .listen(0, PathLab.HOST));
    canaryUrl = "http://" + PathLab.HOST + ":" + canary.actualPort() + "/";
    Path serve = LOGS.resolve("path-split-serve/Serve.java");
    Files.createDirectories(serve.getParent());
    Files.writeString(serve, SERVER);
    start(PathLab.TARGET, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), serve.toString(),
        PathLab.TARGET_ADDRESS, String.valueOf(PORT)), "system-path-split-target.log");
    agent(PathLab.A, "ps-cut", canaryUrl);
    agent(PathLab.B, "ps-open", canaryUrl);
  }

  static void agent(String namespace, String region, String canaryUrl) throws Exception {
    start(namespace, ImpairedAgentIT.javaJar(System.getProperty("downcheck.agentJar"), "--kafka",
        net.kafka().bootstrap(), "--partitions", "3", "--region", region, "--agent-id", region + "-a1",
        "--allow-private-targets", "--canaries", canaryUrl, "--canary-interval-ms", "1000",
        "--heartbeat-interval-ms", "1000"), "system-path-split-" + region + ".log");
  }

  static void start(String namespace, List<String> command, String log) throws Exception {
    processes.add(new ProcessBuilder(PathLab.inside(namespace, command)).redirectErrorStream(true)
        .redirectOutput(LOGS.resolve(log).toFile()).start());
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor();
    }
    if (net != null) {
      net.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  /** Both namespaced agents live, healthy and answering checks (once per class: cheap after the first). */
  static void ready(Api api) {
    // a fresh JVM on a loaded machine may fail its first canary: both must be live and healthy
    await("both namespaced agents live and healthy").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> "HEALTHY".equals(ImpairedAgentIT.agentStatus(api, "ps-cut-a1"))
            && "HEALTHY".equals(ImpairedAgentIT.agentStatus(api, "ps-open-a1")));

    // a fresh agent reads checks once its region's group has given it partitions: until both
    // answer a check of the canary (no router on its way), a check could find nobody listening
    int[] round = {0};
    await("both agents answer checks").atMost(Duration.ofSeconds(90)).until(() -> {
      HttpResponse<String> warm = api.post("/api/v1/checks", "{\"target\":\"" + canaryUrl + "warm-up-" + round[0]++
          + "\",\"regions\":[\"ps-cut\",\"ps-open\"],\"timeoutMs\":2000}");
      // a loaded machine's broker may be slow to take a check (503): asked again
      return warm.statusCode() == 202 && api.awaitFinal(Api.json(warm.body()).get("id").asText(),
          Duration.ofSeconds(15)).verdict() == Verdict.UP;
    });
  }

  @Test
  @Order(1)
  void aPathCutAtTheRouterForOneRegionIsARegionalOutageWhoseDiagnosisNamesTheHopWhereItStops() {
    Api api = net.api();
    ready(api);

    CheckView submitted = api.submit("{\"target\":\"http://" + PathLab.TARGET_ADDRESS + ":" + PORT + "/\","
        + "\"regions\":[\"ps-cut\",\"ps-open\"],\"timeoutMs\":3000}");
    CheckView done = api.awaitFinal(submitted.id(), Duration.ofSeconds(30));

    assertThat(done.verdict()).as(done.summary() + " / " + done.diagnosis().evidence())
        .isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(done.regions()).filteredOn(r -> r.region().equals("ps-cut")).singleElement()
        .satisfies(r -> assertThat(r.results().get(0).errorClass()).isEqualTo(ErrorClass.CONNECT_TIMEOUT));
    System.out.printf("path split check: %s%n", api.get("/api/v1/checks/" + done.id()).body());
    PathSplit split = done.diagnosis().pathSplit();
    assertThat(split).as(done.diagnosis().evidence() + "; logs in target/system-path-split-*.log").isNotNull();
    assertThat(split.failing().region()).isEqualTo("ps-cut");
    assertThat(split.failing().lastHop().address()).as("the router, where the cut region's path stops")
        .isEqualTo(PathLab.ROUTER_FOR_A);
    assertThat(split.healthy().region()).isEqualTo("ps-open");
    assertThat(split.healthy().firstDifferentHop().address()).as("the target, where the other region goes on")
        .isEqualTo(PathLab.TARGET_ADDRESS);
    assertThat(split.healthy().hops()).extracting(h -> h.address())
        .containsSubsequence(PathLab.ROUTER_FOR_B, PathLab.TARGET_ADDRESS);
    assertThat(done.diagnosis().evidence())
        .endsWith("the path from ps-cut stops after 10.212.1.1; ps-open goes on through 10.212.3.2");

    JsonNode json = Api.json(api.get("/api/v1/checks/" + done.id()).body()).get("diagnosis").get("pathSplit");
    assertThat(json.get("failing").get("hops").size()).isGreaterThanOrEqualTo(2);
    assertThat(json.get("healthy").get("hops").size()).isEqualTo(2);
    System.out.printf("path split: %s%n", json);
  }

  /**
   * A target that drops ICMP echo requests, as many do: a ping of it answers in no region, and
   * the check says so without calling it down (docs/consensus.md, "Ping").
   */
  @Test
  @Order(2)
  void aTargetThatDropsPingIsNoOutageAndTheSummarySaysWhy() throws Exception {
    Api api = net.api();
    ready(api);
    NetworkNamespace.must(PathLab.inside(PathLab.TARGET,
        List.of("iptables", "-A", "INPUT", "-p", "icmp", "--icmp-type", "echo-request", "-j", "DROP")).toArray(String[]::new));

    CheckView done = api.awaitFinal(api.submit("{\"target\":\"ping://" + PathLab.TARGET_ADDRESS + "\","
        + "\"regions\":[\"ps-cut\",\"ps-open\"],\"timeoutMs\":3000,\"ping\":{\"count\":2}}").id(),
        Duration.ofSeconds(30));

    assertThat(done.regions()).allSatisfy(r -> assertThat(r.results()).singleElement().satisfies(res -> {
      assertThat(res.errorClass()).as(res.message()).isEqualTo(ErrorClass.NO_ECHO);
      assertThat(res.ping().received()).isZero();
      assertThat(res.ping().sent()).isEqualTo(2);
    }));
    assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(done.summary()).contains("answered no ping from any of 2 regions").contains("many hosts drop ICMP");
  }

  /** A plain HTTP server, run in the target namespace by the JDK's source launcher. */
  static final String SERVER = """
      import com.sun.net.httpserver.HttpServer;
      import java.net.InetSocketAddress;

      public class Serve {
        public static void main(String[] args) throws Exception {
          HttpServer s = HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 16);
          s.createContext("/", x -> {
            byte[] body = "ok".getBytes();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
          });
          s.start();
        }
      }
      """;
}
