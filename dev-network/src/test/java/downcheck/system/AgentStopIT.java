package downcheck.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import downcheck.dev.EmbeddedKafka;
import downcheck.testing.Api;
import downcheck.testing.LoggedPort;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM as a container platform sends it: the packaged agent must be gone before the grace
 * period ends (Docker's default is 10 s, then SIGKILL), even when its Kafka is unreachable.
 */
class AgentStopIT {
  private Process agent;
  private EmbeddedKafka kafka;
  private HttpServer canary;

  @AfterEach
  void cleanUp() {
    if (agent != null) {
      agent.destroyForcibly();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (canary != null) {
      canary.stop(0);
    }
  }

  @Test
  void sigtermStopsTheAgentWithinTenSecondsWhenKafkaIsGone() throws Exception {
    kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    canary.createContext("/", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    canary.start();
    Path log = Path.of("target", "system-agent-stop.log");
    agent = new ProcessBuilder(javaJar(System.getProperty("downcheck.agentJar"), "--kafka", kafka.bootstrapServers(),
        "--region", "stop-test", "--http-port", "0",
        // a loopback canary: this test is about Kafka, not about the internet
        "--canaries", "http://127.0.0.1:" + canary.getAddress().getPort() + "/"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Api ops = Api.notCoordinator("http://127.0.0.1:" + LoggedPort.await(agent, log, LoggedPort.AGENT_OPS, Duration.ofSeconds(60)));
    await("agent ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> ops.get("/ready").statusCode() == 200);

    kafka.close();
    long sent = System.nanoTime();
    agent.destroy();
    boolean exited = agent.waitFor(10, TimeUnit.SECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

    assertThat(exited).as("agent still running 10 s after SIGTERM; its log:%n%s", Files.readString(log)).isTrue();
    // a stop ends as any JVM ended by the signal it was sent, after its shutdown hook: 128 + 15
    // (a start that failed exits 1, a kill 137)
    assertThat(agent.exitValue()).as(Files.readString(log)).isEqualTo(143);
    System.out.printf("agent exited %d ms after SIGTERM with Kafka gone%n", tookMs);
  }

  private static List<String> javaJar(String jar, String... args) {
    if (jar == null || !new File(jar).isFile()) {
      throw new AssertionError("downcheck.agentJar is not a built jar: " + jar + " (run mvn verify, which packages first)");
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
