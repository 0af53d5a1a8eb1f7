package downcheck.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.dev.EmbeddedKafka;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.TestCoordinator;
import downcheck.testing.Wait;
import downcheck.testing.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Independent eyes on real networks (issue 20): two regions, two agents each on different
 * "providers", every agent a packaged agent process in a network namespace of its own, with its
 * own veth to this host (its uplink). The target and the canaries are served on this host;
 * iptables in an agent's namespace cuts that agent's path to the target (not to its canaries, nor
 * to Kafka). Two coordinators of one Hazelcast cluster on one real broker share the checks.
 *
 * <ol>
 * <li>One agent's path cut alone: the check lands on it, its region alone says DOWN, the second
 *     opinion of the region's other agent (another provider) sees it up: the verdict is UP, the
 *     first agent's DOWN its own local issue ("not confirmed by ..."); a monitor of that target
 *     never alerts.
 * <li>Provider pa's path cut in every region: with two eyes per region, pa's agents say DOWN and
 *     pb's UP everywhere; no region is DOWN, and the verdict names the network it is down from
 *     (a REGIONAL_OUTAGE scoped to AS3320, up from the other network), never a global outage.
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndependentEyesIT {
  static final Duration WITHIN = Duration.ofSeconds(30);
  static final int TIMEOUT_MS = 2000;
  /** Provider pa is AS3320, pb AS16509: agents of the same region on two networks. */
  static final Map<String, List<String>> PLACES = Map.of("a", List.of("pa", "3320"), "b", List.of("pb", "16509"));

  static final List<NetworkNamespace> spaces = new ArrayList<>();
  static final Map<String, NetworkNamespace> nsOf = new ConcurrentHashMap<>();
  static final List<Process> agents = new ArrayList<>();
  static EmbeddedKafka kafka;
  static TestCoordinator first;
  static TestCoordinator second;
  static Vertx vertx;
  static HttpServer target;
  static HttpServer canary;
  static WebhookReceiver receiver;
  static String host;

  @BeforeAll
  static void start() throws Exception {
    for (String agent : List.of("eu-west-a1", "eu-west-b1", "us-east-a1", "us-east-b1")) {
      // dc-so-ew-a1: the namespace prefix of this test class
      NetworkNamespace ns = NetworkNamespace.create("so-" + agent.replace("eu-west", "ew").replace("us-east", "ue"));
      spaces.add(ns);
      nsOf.put(agent, ns);
    }
    host = spaces.get(0).hostAddress();
    // every namespace reaches this host's addresses through its own veth (its uplink)
    for (NetworkNamespace ns : spaces) {
      ns.exec("ip", "route", "add", "default", "via", ns.hostAddress());
    }
    kafka = EmbeddedKafka.startTemporary(host, 0);
    vertx = Vertx.vertx();
    target = Wait.on(vertx.createHttpServer().requestHandler(req -> req.response().end("ok")).listen(0, host));
    canary = Wait.on(vertx.createHttpServer().requestHandler(req -> req.response().end("ok")).listen(0, host));
    receiver = new WebhookReceiver(vertx);
    String canaryUrl = "http://" + host + ":" + canary.actualPort() + "/";
    for (Map.Entry<String, NetworkNamespace> e : nsOf.entrySet()) {
      String agent = e.getKey();
      List<String> place = PLACES.get(agent.substring(agent.length() - 2, agent.length() - 1));
      agents.add(new ProcessBuilder(e.getValue().inside(ImpairedAgentIT.javaJar(System.getProperty("downcheck.agentJar"),
          "--kafka", kafka.bootstrapServers(), "--partitions", "3", "--region", agent.substring(0, 7), "--agent-id", agent,
          "--provider", place.get(0), "--asn", place.get(1), "--allow-private-targets", "--canaries", canaryUrl,
          "--canary-interval-ms", "1000", "--heartbeat-interval-ms", "1000")))
          .redirectErrorStream(true).redirectOutput(log(agent).toFile()).start());
    }
    // the agents' JVMs start while the coordinators do
    String cluster = "downcheck-eyes-" + UUID.randomUUID();
    // a grace of 3 s for results to come back: four agent JVMs and two coordinators share the machine
    String[] flags = {"--monitor-min-interval-seconds", "1", "--monitor-tick-ms", "100", "--deadline-grace-ms", "3000"};
    first = TestCoordinator.start(kafka.bootstrapServers(), cluster, "so-a", flags);
    second = TestCoordinator.start(kafka.bootstrapServers(), cluster, "so-b", flags);
    await("four agents live on both coordinators").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> first.api().agentIds().size() == 4 && second.api().agentIds().size() == 4);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process p : agents) {
      p.destroyForcibly().waitFor();
    }
    for (AutoCloseable c : new AutoCloseable[] {receiver, second, first, kafka}) {
      if (c != null) {
        c.close();
      }
    }
    if (vertx != null) {
      Wait.on(vertx.close());
    }
    for (NetworkNamespace ns : spaces) {
      ns.close();
    }
  }

  @Test
  @Order(1)
  void oneAgentsCutPathIsItsOwnIssueOnceASecondOpinionSeesTheTargetUpAndItsMonitorNeverAlerts() throws Exception {
    cut("eu-west-a1");
    // the region's group hands a target to one of its agents (by the key's partition): the
    // first of these targets eu-west-a1 gets is the check of a path only it cannot take
    CheckView done = null;
    String url = null;
    for (int i = 0; i < 10 && done == null; i++) {
      url = "http://" + host + ":" + target.actualPort() + "/eyes/" + i;
      CheckView check = first.api().awaitFinal(submit(first.api(),
          "{\"target\":\"" + url + "\",\"timeoutMs\":" + TIMEOUT_MS + ",\"fresh\":true}").id(), WITHIN);
      if (answeredBy(check, "eu-west-a1")) {
        done = check;
      }
    }
    assertThat(done).as("no check of 10 targets reached eu-west-a1").isNotNull();
    CheckView check = done;

    assertThat(check.verdict()).as(check.summary()).isEqualTo(Verdict.UP);
    assertThat(region(check, "eu-west").status()).isEqualTo(RegionStatus.UP);
    assertThat(check.localIssues()).containsExactly(
        LocalIssue.agent("eu-west-a1", "eu-west", "not confirmed by eu-west-b1"));
    assertThat(check.assessment().secondOpinion()).singleElement().satisfies(o -> {
      assertThat(o.agentId()).isEqualTo("eu-west-b1");
      assertThat(o.outcome()).isEqualTo(Outcome.UP);
      assertThat(o.askedBecause()).startsWith("eu-west-a1 alone saw it down in eu-west");
    });
    assertThat(Duration.between(check.createdAt(), check.deadline()))
        .as("the deadline moved by one timeoutMs at most").isLessThanOrEqualTo(Duration.ofMillis(2 * TIMEOUT_MS + 3000));
    // the other coordinator reads the same check from Hazelcast
    assertThat(second.api().check(check.id()).assessment().secondOpinion()).isEqualTo(check.assessment().secondOpinion());

    String body = "{\"target\":\"" + url + "\",\"intervalSeconds\":1,\"timeoutMs\":" + TIMEOUT_MS
        + ",\"confirmations\":2,\"notify\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/eyes") + "\"}]}";
    String[] created = new String[1];
    await("the monitor created").atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
      var res = first.api().post("/api/v1/monitors", body);
      assertThat(res.statusCode()).as(res.body()).isIn(201, 503);
      created[0] = res.statusCode() == 201 ? Api.json(res.body()).get("id").asText() : null;
      return created[0] != null;
    });
    String monitor = created[0];
    await("the monitor UP").atMost(WITHIN).pollInterval(Duration.ofMillis(200))
        .until(() -> "UP".equals(state(monitor)));
    await("then a run of it that eu-west-a1 answered, final").atMost(WITHIN).pollInterval(Duration.ofMillis(100))
        .until(() -> lastRunSeenBy(monitor, "eu-west-a1"));
    assertThat(state(monitor)).isEqualTo("UP");
    assertThat(receiver.all()).as("no notification of a lone agent's broken path").isEmpty();
    // the next test cuts a provider everywhere: this monitor has said what it had to
    assertThat(first.api().delete("/api/v1/monitors/" + monitor).statusCode()).isEqualTo(204);
  }

  @Test
  @Order(2)
  void oneProvidersPathCutInEveryRegionIsScopedToItsNetworkWhileTheOtherProviderSeesTheTargetUp() throws Exception {
    cut("us-east-a1"); // eu-west-a1's path is cut already
    String url = "http://" + host + ":" + target.actualPort() + "/eyes/provider";

    CheckView check = second.api().awaitFinal(submit(second.api(),
        "{\"target\":\"" + url + "\",\"timeoutMs\":" + TIMEOUT_MS + ",\"perRegion\":2}").id(), WITHIN);

    for (String name : List.of("eu-west", "us-east")) {
      RegionReport g = region(check, name);
      assertThat(g.results()).extracting(ProbeResult::agentId, ProbeResult::outcome).as(name)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(name + "-a1", Outcome.DOWN),
              org.assertj.core.groups.Tuple.tuple(name + "-b1", Outcome.UP));
      assertThat(g.status()).as("a tie is UP: the server answered someone there").isEqualTo(RegionStatus.UP);
    }
    // one network's own outage (docs/consensus.md, failure domains): scoped to it, said plainly
    assertThat(check.verdict()).as(check.summary()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(check.assessment().scope()).as(check.summary()).isNotNull();
    assertThat(check.assessment().scope().networks()).containsExactly("AS3320");
    assertThat(check.summary()).contains("down only from AS3320").contains("up from 1 other network");
  }

  /**
   * Submits the check; a 503 (Kafka did not take it in time: a cold producer on a loaded machine)
   * is asked again, as a client told to retry would.
   */
  static CheckView submit(Api api, String body) {
    CheckView[] out = new CheckView[1];
    await("the check taken").atMost(WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
      var res = api.post("/api/v1/checks", body);
      if (res.statusCode() == 503) {
        return false;
      }
      assertThat(res.statusCode()).as(res.body()).isIn(200, 202);
      out[0] = downcheck.model.wire.Codec.fromJson(res.body(), CheckView.class);
      return true;
    });
    return out[0];
  }

  static void cut(String agent) throws Exception {
    nsOf.get(agent).exec("iptables", "-A", "OUTPUT", "-p", "tcp", "-d", host, "--dport",
        String.valueOf(target.actualPort()), "-j", "DROP");
  }

  static boolean answeredBy(CheckView check, String agent) {
    return check.regions().stream().flatMap(g -> g.results().stream()).anyMatch(r -> r.agentId().equals(agent)
        && r.outcome() == Outcome.DOWN);
  }

  /** Whether the monitor's last run is final and {@code agent} saw the target down in it. */
  static boolean lastRunSeenBy(String monitor, String agent) {
    JsonNode last = Api.json(first.api().get("/api/v1/monitors/" + monitor).body()).get("lastCheck");
    if (last == null || last.isNull()) {
      return false;
    }
    CheckView run = first.api().check(last.get("id").asText());
    return run.isFinal() && answeredBy(run, agent);
  }

  static String state(String monitor) {
    return Api.json(first.api().get("/api/v1/monitors/" + monitor).body()).get("state").asText();
  }

  static RegionReport region(CheckView v, String name) {
    return v.regions().stream().filter(r -> r.region().equals(name)).findFirst().orElseThrow();
  }

  static Path log(String agent) {
    return Path.of("target", "system-eyes-" + agent + ".log");
  }

  static String tail(String agent) throws Exception {
    List<String> lines = Files.readAllLines(log(agent));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
