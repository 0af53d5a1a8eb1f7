package downcheck.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.dev.EmbeddedKafka;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.LoggedPort;
import downcheck.testing.TargetServer;
import downcheck.testing.TestCoordinator;
import downcheck.testing.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hostile target against one agent started as the launcher starts it ({@code ./downcheck agent},
 * its JVM defaults: a 40 MB heap that exits on out-of-memory). The target announces a 2 MiB body,
 * sends 1 MiB - 1 bytes of it and stalls; forty checks of it look for text it never sends, while
 * ordinary checks of a healthy target run throughout. The agent must live, stay small, and make
 * every check final: the hostile ones TIMEOUT at their deadline, the honest ones UP
 * (docs/security.md, "A hostile target").
 */
class HostileTargetIT {
  /**
   * What the agent's resident memory may reach under the attack: about 130 MB idle on the launcher's
   * defaults, 139 MB at the peak of the attack (docs/security.md).
   */
  static final long RSS_BOUND_KB = 220 * 1024;
  static final int HOSTILE_CHECKS = 40;
  /** The hostile checks' timeout: the target stalls longer, so each probe ends at its deadline. */
  static final int HOSTILE_TIMEOUT_MS = 8000;
  static final String REGION = "hostile";

  static EmbeddedKafka kafka;
  static TestCoordinator coordinator;
  static Vertx vertx;
  static NetServer stalling;
  static TargetServer healthy;
  static Process agent;
  static Path log = Path.of("target", "hostile-target-agent.log");

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    // the product's grace for results (2 s), not the tests' shorter one: forty probes ending at once
    // on a loaded machine publish late by more than the tests' second
    coordinator = TestCoordinator.start(kafka.bootstrapServers(), "downcheck-hostile-" + UUID.randomUUID(), "c",
            "--deadline-grace-ms", "2000")
        .awaitReady(Duration.ofSeconds(60));
    vertx = Vertx.vertx();
    healthy = TargetServer.ok(vertx);
    stalling = Wait.on(vertx.createNetServer().connectHandler(socket -> {
      // answer once the request has come, then hold the connection open and silent
      socket.handler(request -> {
        socket.handler(null);
        socket.write(STALLED_ANSWER);
      });
    }).listen(0, "127.0.0.1"));
    agent = startAgent();
    Api ops = Api.notCoordinator("http://127.0.0.1:" + LoggedPort.await(agent, log, LoggedPort.AGENT_OPS, Duration.ofSeconds(60)));
    await("agent ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> ops.get("/ready").statusCode() == 200);
    await("region known").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> coordinator.api().regionNames().contains(REGION));
    // an agent that has answered a check: its consumer assigned and its probe path loaded (a fresh
    // JVM with C2 only runs interpreted at first), so what follows measures the attack, not a start
    await("a first check answered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> coordinator.api().awaitFinal(coordinator.api().submit("{\"target\":\"" + healthy.url()
            + "?warm\",\"regions\":[\"" + REGION + "\"],\"timeoutMs\":3000}").id(), Duration.ofSeconds(20))
            .verdict() == Verdict.UP);
  }

  /** Head announcing 2 MiB, then 1 MiB - 1 bytes of body without the text the checks look for. */
  static final Buffer STALLED_ANSWER = stalledAnswer();

  private static Buffer stalledAnswer() {
    byte[] body = new byte[(1 << 20) - 1];
    Arrays.fill(body, (byte) 'a');
    return Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + (2 << 20) + "\r\n\r\n")
        .appendBytes(body);
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.destroyForcibly();
    }
    if (vertx != null) {
      Wait.on(vertx.close());
    }
    if (coordinator != null) {
      coordinator.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aStallingHugeBodyNeitherKillsTheAgentNorDelaysHonestChecks() throws Exception {
    Api api = coordinator.api();
    long rssBeforeKb = status(agent.pid()).get("VmRSS");
    AtomicLong peakRssKb = new AtomicLong(rssBeforeKb);
    long sampler = vertx.setPeriodic(100, t -> {
      try {
        peakRssKb.accumulateAndGet(status(agent.pid()).get("VmRSS"), Math::max);
      } catch (IOException | RuntimeException gone) {
        // the process is gone: the assertions below say so
      }
    });
    String stallingUrl = "http://127.0.0.1:" + stalling.actualPort() + "/big";
    List<String> honest = new CopyOnWriteArrayList<>();
    // a steady trickle of ordinary checks from before the attack until every hostile check is final
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    trickle.scheduleAtFixedRate(() -> honest.add(api.submit("{\"target\":\"" + healthy.url() + "?n=" + honest.size()
        + "\",\"regions\":[\"" + REGION + "\"],\"timeoutMs\":3000}").id()), 0, 400, TimeUnit.MILLISECONDS);
    // the attack arrives at once, as forty clients would send it
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<String> hostile;
    try {
      List<Future<String>> submits = new ArrayList<>();
      for (int i = 0; i < HOSTILE_CHECKS; i++) {
        String body = "{\"target\":\"" + stallingUrl + "?n=" + i + "\",\"regions\":[\"" + REGION + "\"],"
            + "\"timeoutMs\":" + HOSTILE_TIMEOUT_MS + ",\"expect\":{\"bodyContains\":\"zzz\"}}";
        submits.add(clients.submit(() -> api.submit(body).id()));
      }
      hostile = new ArrayList<>();
      for (Future<String> f : submits) {
        hostile.add(f.get(60, TimeUnit.SECONDS));
      }
      for (String id : hostile) {
        ProbeResult r = onlyResult(api.awaitFinal(id, Duration.ofSeconds(30)));
        assertThat(r.outcome()).as("hostile check %s: %s", id, r).isEqualTo(Outcome.DOWN);
        assertThat(r.errorClass()).as("hostile check %s: %s", id, r).isEqualTo(ErrorClass.TIMEOUT);
      }
    } finally {
      clients.shutdownNow();
      trickle.shutdownNow();
    }
    assertThat(honest).as("honest checks submitted during the attack").hasSizeGreaterThanOrEqualTo(10);
    for (String id : honest) {
      ProbeResult r = onlyResult(api.awaitFinal(id, Duration.ofSeconds(20)));
      assertThat(r.outcome()).as("honest check %s: %s", id, r).isEqualTo(Outcome.UP);
    }
    vertx.cancelTimer(sampler);

    assertThat(agent.isAlive()).as("agent alive; its log:%n%s", tail()).isTrue();
    Map<String, Long> after = status(agent.pid());
    System.out.printf("hostile target: %d stalling checks (%d ms), %d honest; agent RSS before %d KB, peak %d KB"
            + " (VmHWM %d KB), after %d KB%n", HOSTILE_CHECKS, HOSTILE_TIMEOUT_MS, honest.size(), rssBeforeKb,
        peakRssKb.get(), after.get("VmHWM"), after.get("VmRSS"));
    assertThat(after.get("VmHWM")).as("agent's peak resident memory, KB").isLessThan(RSS_BOUND_KB);
  }

  private static ProbeResult onlyResult(CheckView view) {
    List<ProbeResult> results = view.regions().stream().flatMap(r -> r.results().stream()).toList();
    assertThat(results).as("results of %s (agent alive: %s)", view.id(), agent.isAlive()).hasSize(1);
    return results.get(0);
  }

  /** The kB lines of /proc/PID/status (VmRSS, VmHWM, ...). */
  private static Map<String, Long> status(long pid) throws IOException {
    Map<String, Long> kb = new java.util.HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      String[] parts = line.split("\\s+");
      if (parts.length == 3 && parts[2].equals("kB")) {
        kb.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]));
      }
    }
    return kb;
  }

  /** Started by the launcher, so the JVM has exactly the defaults an operator's agent has. */
  private static Process startAgent() {
    String launcher = System.getProperty("downcheck.launcher");
    if (launcher == null || !new File(launcher).canExecute()) {
      throw new AssertionError("downcheck.launcher is not the ./downcheck script: " + launcher);
    }
    try {
      return new ProcessBuilder(launcher, "agent", "--kafka", kafka.bootstrapServers(), "--region", REGION,
          "--agent-id", "hostile-a1", "--http-port", "0", "--allow-private-targets",
          "--canaries", healthy.url())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + launcher, e);
    }
  }

  private static String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
