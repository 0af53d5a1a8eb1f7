package downcheck.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.LoggedPort;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jars as an operator runs them: {@code downcheck dev} in its own process, an
 * agent for a new region started later as another process, and the CLI asking the network.
 */
class DevNetworkIT {
  private final List<Process> processes = new ArrayList<>();
  private HttpServer target;

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
    if (target != null) {
      target.stop(0);
    }
  }

  @Test
  void devNetworkAnswersAndTakesANewRegionFromAnotherProcess() throws Exception {
    long started = System.nanoTime();
    // as the README says: ./downcheck dev; its ports are its own (0: any free one), read from its log
    Process dev = start("dev", launcher("dev", "--http-port", "0", "--embedded-kafka", "127.0.0.1:0",
        "--allow-private-targets", "--hazelcast-port", String.valueOf(hazelcastPort()), "--heartbeat-interval-ms", "1000"));
    int http = LoggedPort.await(dev, log("dev"), LoggedPort.DEV_HTTP, Duration.ofSeconds(120));
    int kafka = LoggedPort.await(dev, log("dev"), LoggedPort.DEV_KAFKA, Duration.ofSeconds(5));
    Api api = new Api("http://127.0.0.1:" + http);
    await("dev network ready with three regions").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> api.get("/ready").statusCode() == 200 && api.regionNames().size() == 3);
    System.out.printf("downcheck dev ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    startTarget();
    String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/";

    CheckView first = api.awaitFinal(api.submit("{\"target\":\"" + url + "\"}").id(), Duration.ofSeconds(30));
    assertThat(first.verdict()).isEqualTo(Verdict.UP);
    assertThat(statusByRegion(first)).containsOnlyKeys("eu-west", "us-east", "ap-south").containsValue(RegionStatus.UP);

    // deploying to a new region is exactly: start an agent with a new region name
    // (heartbeats every 10 s: silent, it would stay listed for 30 s, so only its tombstone removes it sooner)
    Process agent = start("agent", command(jar("downcheck.agentJar"), "--kafka", "127.0.0.1:" + kafka, "--region", "af-south",
        "--agent-id", "af-south-p1", "--allow-private-targets", "--canaries", "http://127.0.0.1:" + http + "/health",
        "--heartbeat-interval-ms", "10000", "--http-port", "0"));
    await("af-south live").atMost(Duration.ofSeconds(60)).until(() -> api.regionNames().contains("af-south"));
    // the agent's own port, as a container platform and Prometheus see it
    Api agentOps = Api.notCoordinator("http://127.0.0.1:" + LoggedPort.await(agent, log("agent"), LoggedPort.AGENT_OPS,
        Duration.ofSeconds(20)));
    await("agent ready").atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> agentOps.get("/ready").statusCode() == 200);
    assertThat(agentOps.get("/metrics").body()).contains("jvm_memory_used_bytes", "kafka_consumer_");
    CheckView second = api.awaitFinal(api.submit("{\"target\":\"" + url + "\"}").id(), Duration.ofSeconds(30));
    assertThat(statusByRegion(second)).containsEntry("af-south", RegionStatus.UP);

    // the CLI: asks the network, sends this machine's own view, exits 0 when the target is up
    Process cli = start("cli", launcher("check", url, "--server", api.base()));
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log("cli"));
    assertThat(cli.exitValue()).as(out).isZero();
    assertThat(out).contains("af-south").contains("up");

    // --json, as a script runs it: stdout is the final check and nothing else (answered from the check above)
    Process json = new ProcessBuilder(command(jar("downcheck.cliJar"), url, "--server", api.base(), "--json"))
        .redirectOutput(log("cli-json").toFile()).redirectError(log("cli-json-stderr").toFile()).start();
    processes.add(json);
    assertThat(json.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stdout = Files.readString(log("cli-json"));
    assertThat(json.exitValue()).as(stdout + Files.readString(log("cli-json-stderr"))).isZero();
    assertThat(stdout.lines()).singleElement();
    assertThat(Codec.mapper().readTree(stdout).path("verdict").asText()).isEqualTo("UP");

    // a stopped agent leaves the live set at once (its last word is a tombstone): SIGTERM, and gone
    // within 15 s, where a silent one stays 20-30 s (three of its intervals after its last heartbeat)
    long stopped = System.nanoTime();
    agent.destroy();
    assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
    await("af-south gone").atMost(Duration.ofSeconds(15).minusNanos(System.nanoTime() - stopped))
        .until(() -> !api.regionNames().contains("af-south"));
    assertThat(Files.readString(log("dev"))).contains("agent af-south-p1 left");
  }

  @Test
  void devWhosePortIsTakenSaysSoAndExits() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      Process dev = start("dev-port-taken", launcher("dev", "--http-host", "127.0.0.1",
          "--http-port", String.valueOf(taken.getLocalPort()), "--embedded-kafka", "127.0.0.1:0",
          "--hazelcast-port", String.valueOf(hazelcastPort())));
      assertThat(dev.waitFor(120, TimeUnit.SECONDS)).as("dev exits instead of hanging on").isTrue();
      assertThat(dev.exitValue()).isEqualTo(1);
      assertThat(Files.readString(log("dev-port-taken"))).contains("downcheck dev did not start", "Address already in use");
    }
  }

  private Process start(String name, List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile()).start();
    processes.add(p);
    return p;
  }

  private static List<String> command(String jar, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (jar != null) {
      cmd.add("-jar");
      cmd.add(jar);
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The repository's launcher script, as a user runs it ({@code exec}s java, so the process is the JVM). */
  private static List<String> launcher(String command, String... args) {
    String script = System.getProperty("downcheck.launcher");
    if (script == null || !new File(script).canExecute()) {
      throw new AssertionError("downcheck.launcher is not the launcher script: " + script);
    }
    List<String> cmd = new ArrayList<>(List.of("bash", script, command));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static Path log(String name) {
    return Path.of("target", "system-" + name + ".log");
  }

  private static String jar(String property) {
    String path = System.getProperty(property);
    if (path == null || !new File(path).isFile()) {
      throw new AssertionError(property + " is not a built jar: " + path + " (run mvn verify, which packages first)");
    }
    return path;
  }

  private void startTarget() throws IOException {
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    target.createContext("/", ex -> {
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, ok.length);
      ex.getResponseBody().write(ok);
      ex.close();
    });
    target.start();
  }

  /** Hazelcast's first port, a free one: a member takes the next one when it was taken meanwhile. */
  private static int hazelcastPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Map<String, RegionStatus> statusByRegion(CheckView v) {
    return v.regions().stream().collect(Collectors.toMap(RegionReport::region, RegionReport::status));
  }

}
