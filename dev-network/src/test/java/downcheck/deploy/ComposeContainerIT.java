package downcheck.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml itself, brought up by docker-compose as the README says, with the local
 * broker image standing in for apache/kafka. Its own project name and free host ports, so it
 * never meets a network someone runs on 8080.
 */
class ComposeContainerIT {
  private static final String PROJECT = "downcheck-compose-it";
  private final Map<String, String> env = new HashMap<>();

  @AfterEach
  void down() throws Exception {
    if (!env.isEmpty()) {
      compose("down", "down", "-v", "--timeout", "10"); // -v: the run's Kafka passwords go with it
    }
  }

  @Test
  void theComposeFileComesUpAndAnswersACheckThroughEitherCoordinator() throws Exception {
    DockerImages.build();
    int port1 = freePort();
    int port2 = freePort();
    env.putAll(Map.of("KAFKA_IMAGE", DockerImages.KAFKA.asCanonicalNameString(),
        "DOWNCHECK_PORT_1", String.valueOf(port1), "DOWNCHECK_PORT_2", String.valueOf(port2),
        // the target is a container of this network: a private address, and no internet for canaries
        "DOWNCHECK_ALLOW_PRIVATE_TARGETS", "true", "DOWNCHECK_CANARIES", ""));
    long started = System.nanoTime();
    compose("up", "up", "-d", "--no-build");
    Api api1 = new Api("http://localhost:" + port1);
    Api api2 = new Api("http://localhost:" + port2);
    await("three regions live").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> api1.regionNames().containsAll(List.of("eu-west", "us-east", "ap-south")));
    // the second coordinator answers once it is ready, as a load balancer in front of it waits
    await("the second coordinator ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptions().until(() -> api2.get("/ready").statusCode() == 200);

    // the second coordinator's own endpoint, probed from every region
    CheckView check = api1.submit("{\"target\":\"http://coordinator-2:8080/health\"}");
    CheckView done = api2.awaitFinal(check.id(), Duration.ofSeconds(45));
    System.out.printf("compose up to first final verdict in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.UP);
    assertThat(done.regions()).extracting(RegionReport::status).containsOnly(RegionStatus.UP).hasSize(3);
  }

  private void compose(String logName, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("docker-compose", "-p", PROJECT, "-f", "docker-compose.yml"));
    cmd.addAll(List.of(args));
    Path log = Path.of("target", "compose-" + logName + ".log").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(DockerImages.repo()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean done = p.waitFor(3, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done && p.exitValue() == 0).as("docker-compose %s failed:%n%s", args[0], Files.readString(log)).isTrue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
