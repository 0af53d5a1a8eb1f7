package downcheck.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.dev.EmbeddedKafka;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.LoggedPort;
import downcheck.testing.TargetServer;
import downcheck.testing.TestAgents;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged coordinators as processes, clustered, and a packaged agent of a third region.
 * Mid-check, the agent and the coordinator that took the check are killed with SIGKILL (no
 * shutdown hook, no goodbye to Hazelcast or Kafka). The agent's region is MISSING and the
 * verdict comes from the quorum of the others, no earlier than the deadline; the other
 * coordinator closes the check and says so: its metrics count it, its log names it, the killed
 * one's log never does. The killed agent, having left no tombstone, leaves the live set by
 * heartbeat expiry.
 */
class CoordinatorKillIT {
  private final List<Process> processes = new ArrayList<>();
  private EmbeddedKafka kafka;
  private TestAgents agents;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (agents != null) {
      agents.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aCheckWhoseCoordinatorIsKilledIsClosedByTheOtherWhichSaysSo() throws Exception {
    kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    String cluster = "downcheck-kill-" + UUID.randomUUID();
    int hzA = freePort();
    int hzB = freePort();
    String members = "127.0.0.1:" + hzA + ",127.0.0.1:" + hzB;
    Process processA = startCoordinator("a", cluster, hzA, members);
    Process processB = startCoordinator("b", cluster, hzB, members);
    // each binds a free HTTP port of its own and names it in its log
    Api a = new Api("http://127.0.0.1:" + LoggedPort.await(processA, log("a"), LoggedPort.COORDINATOR, Duration.ofSeconds(90)));
    Api b = new Api("http://127.0.0.1:" + LoggedPort.await(processB, log("b"), LoggedPort.COORDINATOR, Duration.ofSeconds(90)));
    for (Api api : List.of(a, b)) {
      await("coordinator ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> api.get("/ready").statusCode() == 200);
    }

    agents = new TestAgents(kafka.bootstrapServers());
    TargetServer canary = TargetServer.ok(agents.vertx());
    agents.start("eu-west", "127.0.0.2", canary.url());
    agents.start("us-east", "127.0.0.3", canary.url());
    Process ghost = startAgent("ghost", "127.0.0.9", canary.url());
    await("three regions live on B").atMost(Duration.ofSeconds(90)).until(() -> b.regionNames().size() == 3);

    try (TargetServer target = TargetServer.start(agents.vertx(), req -> {
      if (req.remoteAddress().host().equals("127.0.0.9")) {
        return; // the ghost region's agent hangs on the target, and is killed before it answers
      }
      req.response().end("ok");
    })) {
      CheckView accepted = a.submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":15000}");
      // the live regions have answered, folded into the shared state; the ghost is probing
      await("two regions answered, the ghost probing").atMost(Duration.ofSeconds(14))
          .until(() -> b.check(accepted.id()).quorum().reported() == 2 && target.callers().contains("127.0.0.9"));

      ghost.destroyForcibly(); // SIGKILL: no result, no tombstone
      processA.destroyForcibly();
      Instant killed = Instant.now();
      assertThat(ghost.waitFor(10, TimeUnit.SECONDS) && processA.waitFor(10, TimeUnit.SECONDS)).isTrue();
      // a killed agent says no goodbye: unlike a stopped one (gone at once by its tombstone), it
      // stays listed until three of its 3 s heartbeat intervals are missed, 6 s after the kill at
      // the least. The list reads the agents' trust from Hazelcast, whose partitions A owned are
      // B's only once A is found dead: on a loaded machine the first reads take a second or more
      await("ghost still listed").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
          .until(() -> b.agentIds().contains("ghost-p1"));

      // open until (just before) its deadline, final only after it
      Instant lastSeenOpen = Instant.EPOCH;
      CheckView fin = b.check(accepted.id());
      while (!fin.isFinal()) {
        lastSeenOpen = Instant.now();
        assertThat(lastSeenOpen).as("final in time").isBefore(accepted.deadline().plusSeconds(30));
        fin = b.check(accepted.id());
      }
      // the promise: never final before the deadline, whatever the machine's speed
      assertThat(Instant.now()).isAfterOrEqualTo(accepted.deadline());
      // and still open after the kills (nothing closed it when its coordinator and an agent went), up to
      // near the deadline: reads come well under 3 s apart, even on a loaded machine
      assertThat(lastSeenOpen).isAfter(killed).isAfter(accepted.deadline().minusSeconds(3));
      assertThat(fin.verdict()).isEqualTo(Verdict.UP);
      assertThat(fin.regions().stream().collect(Collectors.toMap(RegionReport::region, RegionReport::status)))
          .containsAllEntriesOf(Map.of("ghost", RegionStatus.MISSING, "eu-west", RegionStatus.UP,
              "us-east", RegionStatus.UP));
      // B closed it, and says so
      assertThat(b.get("/metrics").body()).contains("downcheck_verdicts_final_total{verdict=\"UP\"} 1.0");
      await("B's log names the check it closed").atMost(Duration.ofSeconds(5))
          .until(() -> Files.readString(log("b")).contains("check " + accepted.id()));
      assertThat(Files.readString(log("b"))).containsPattern("check " + accepted.id() + " .* final: UP");
      assertThat(Files.readString(log("a"))).doesNotContain(accepted.id() + " " + target.url() + " final");

      // and by now, three of its heartbeat intervals later, the killed agent has expired
      await("ghost expired").atMost(Duration.ofSeconds(15)).until(() -> !b.agentIds().contains("ghost-p1"));
    }
  }

  /** Starts the packaged coordinator as a process, on a free HTTP port that it logs. */
  private Process startCoordinator(String id, String cluster, int hazelcastPort, String members) throws IOException {
    String jar = System.getProperty("downcheck.coordinatorJar");
    if (jar == null || !new File(jar).isFile()) {
      throw new AssertionError("downcheck.coordinatorJar is not a built jar: " + jar + " (run mvn verify, which packages first)");
    }
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
        "--kafka", kafka.bootstrapServers(), "--partitions", "3", "--coordinator-id", id,
        "--http-host", "127.0.0.1", "--http-port", "0",
        "--hazelcast-cluster", cluster, "--hazelcast-members", members, "--hazelcast-port", String.valueOf(hazelcastPort),
        "--hazelcast-interface", "127.0.0.1", "--deadline-grace-ms", "1000",
        "--client-checks-per-minute", "0", "--target-checks-per-minute", "0", "--allow-private-targets",
        "--secrets-key-file", Configs.SECRETS_KEY_FILE.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(id).toFile()).start();
    processes.add(p);
    return p;
  }

  /** Starts the packaged agent as a process, heartbeats every 3 s. */
  private Process startAgent(String region, String source, String canary) throws IOException {
    String jar = System.getProperty("downcheck.agentJar");
    if (jar == null || !new File(jar).isFile()) {
      throw new AssertionError("downcheck.agentJar is not a built jar: " + jar + " (run mvn verify, which packages first)");
    }
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
        "--kafka", kafka.bootstrapServers(), "--region", region, "--agent-id", region + "-p1",
        "--source-address", source, "--allow-private-targets", "--canaries", canary,
        "--heartbeat-interval-ms", "3000");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log("agent-" + region).toFile()).start();
    processes.add(p);
    return p;
  }

  private static Path log(String id) {
    return Path.of("target", "system-coordinator-kill-" + id + ".log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
