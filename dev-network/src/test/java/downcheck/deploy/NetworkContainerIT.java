package downcheck.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;

/**
 * The images on one Docker network, as an operator runs them: a broker, two coordinators in one
 * Hazelcast cluster, agents in three regions; asserted through the coordinators' published API.
 * The tests share the network and run in order; the last one kills a coordinator.
 */
@TestMethodOrder(OrderAnnotation.class)
class NetworkContainerIT {
  private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
  private static final Duration FINAL_WITHIN = Duration.ofSeconds(45);

  static Network network;
  static GenericContainer<?> kafka;
  static GenericContainer<?> coordinator1;
  static GenericContainer<?> coordinator2;
  static final List<GenericContainer<?>> agents = new ArrayList<>();
  static HttpServer target;
  /** Lets a slow request go: the target answers /slow only once the test has done its part. */
  static final CountDownLatch slowRelease = new CountDownLatch(1);
  static Api api1;
  static Api api2;
  static String targetBase;

  @BeforeAll
  static void startNetwork() throws Exception {
    DockerImages.build();
    long started = System.nanoTime();
    network = Network.newNetwork();
    startTarget();
    kafka = new GenericContainer<>(DockerImages.KAFKA).withNetwork(network).withNetworkAliases("kafka")
        .withEnv(Map.of("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092",
            "KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093"))
        .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofSeconds(90)));
    kafka.start();
    coordinator1 = coordinator("coordinator-1");
    coordinator2 = coordinator("coordinator-2");
    for (String region : REGIONS) {
      agents.add(agent(region));
    }
    List<GenericContainer<?>> all = new ArrayList<>(agents);
    all.add(coordinator1);
    all.add(coordinator2);
    Startables.deepStart(all).join();
    api1 = new Api("http://localhost:" + coordinator1.getMappedPort(8080));
    api2 = new Api("http://localhost:" + coordinator2.getMappedPort(8080));
    await("three regions live").atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> api1.regionNames().containsAll(REGIONS));
    System.out.printf("container network up in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @AfterAll
  static void stopNetwork() {
    slowRelease.countDown();
    List<GenericContainer<?>> all = new ArrayList<>(agents);
    all.add(coordinator1);
    all.add(coordinator2);
    all.add(kafka);
    all.stream().filter(c -> c != null).forEach(GenericContainer::stop);
    if (network != null) {
      network.close();
    }
    if (target != null) {
      target.stop(0);
    }
  }

  @Test
  @Order(1)
  void aTargetIsUpFromThreeRegionsAndBothCoordinatorsSayItIsFinal() {
    CheckView check = api1.submit(checkOf(targetBase + "/a"));
    CheckView fromOne = api1.awaitFinal(check.id(), FINAL_WITHIN);
    assertThat(fromOne.verdict()).isEqualTo(Verdict.UP);
    assertThat(statusByRegion(fromOne)).containsOnlyKeys(REGIONS).containsValues(RegionStatus.UP).hasSize(3);
    // the other coordinator shares the check through Hazelcast
    CheckView fromTwo = api2.check(check.id());
    assertThat(fromTwo.isFinal()).isTrue();
    assertThat(fromTwo.verdict()).isEqualTo(Verdict.UP);
  }

  @Test
  @Order(2)
  void anAgentInANewRegionAppearsAndTakesTheNextCheck() {
    // heartbeats every 10 s: silent, it would stay listed 20-30 s, so only its goodbye removes it sooner
    GenericContainer<?> saEast = agent("sa-east", 10_000);
    agents.add(saEast);
    saEast.start();
    await("sa-east live").atMost(Duration.ofSeconds(30)).until(() -> api2.regionNames().contains("sa-east"));

    CheckView next = api1.awaitFinal(api1.submit(checkOf(targetBase + "/b")).id(), FINAL_WITHIN);
    assertThat(statusByRegion(next)).containsEntry("sa-east", RegionStatus.UP).hasSize(4);

    // stopped, it says goodbye: gone from the live set at once, not after three heartbeats. As
    // `docker stop` does it: SIGTERM, then SIGKILL past 10 s (Testcontainers' stop() kills at once)
    long stopped = System.nanoTime();
    saEast.getDockerClient().stopContainerCmd(saEast.getContainerId()).withTimeout(10).exec();
    Long exitCode = saEast.getDockerClient().inspectContainerCmd(saEast.getContainerId()).exec().getState().getExitCodeLong();
    assertThat(exitCode).as("ended by its SIGTERM, not killed: %s", saEast.getLogs()).isEqualTo(143L);
    await("sa-east gone").atMost(Duration.ofSeconds(15).minusNanos(System.nanoTime() - stopped))
        .until(() -> !api1.regionNames().contains("sa-east"));
    assertThat(coordinator1.getLogs() + coordinator2.getLogs()).contains("agent sa-east-1 left");
    saEast.stop();
    agents.remove(saEast);
  }

  @Test
  @Order(3)
  void checksWhileTheBrokerIsDownAreRefusedAtOnceAndLaterOnesReachAVerdict() {
    kafka.getDockerClient().stopContainerCmd(kafka.getContainerId()).withTimeout(10).exec();
    for (int i = 0; i < 3; i++) {
      long sent = System.nanoTime();
      HttpResponse<String> refused = api1.post("/api/v1/checks", checkOf(targetBase + "/down-" + i));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(tookMs).as("answered in %d ms", tookMs).isLessThan(10_000);
    }

    kafka.getDockerClient().startContainerCmd(kafka.getContainerId()).exec();
    long restarted = System.nanoTime();
    String[] id = new String[1];
    await("a check accepted after the broker is back").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> {
          HttpResponse<String> res = api1.post("/api/v1/checks", checkOf(targetBase + "/after"));
          if (res.statusCode() == 202) {
            id[0] = Api.json(res.body()).get("id").asText();
          }
          return id[0] != null;
        });
    CheckView after = api1.awaitFinal(id[0], FINAL_WITHIN);
    System.out.printf("first final verdict %d ms after the broker restarted%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
    assertThat(after.verdict()).isEqualTo(Verdict.UP);
    await("all regions back").atMost(Duration.ofSeconds(30)).until(() -> api2.regionNames().containsAll(REGIONS));
  }

  @Test
  @Order(4)
  void aCheckSurvivesItsCoordinatorBeingKilledAndIsReadFromTheOther() {
    // Results go to the coordinators' shared consumer group: the killed one's partitions move to
    // the other only after the group's session timeout (10 s), so the check gets time for that.
    CheckView check = api1.submit("{\"target\":\"" + targetBase + "/slow\",\"timeoutMs\":25000}");
    // the agents are probing now: the target holds their requests until the coordinator is gone
    await("the other coordinator sees the check").atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> api2.check(check.id()) != null);
    coordinator1.getDockerClient().killContainerCmd(coordinator1.getContainerId()).exec();
    slowRelease.countDown();

    CheckView done = api2.awaitFinal(check.id(), Duration.ofSeconds(60));
    assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.UP);
    assertThat(statusByRegion(done)).containsOnlyKeys(REGIONS);
  }

  /** The coordinators' one secrets key, made for this run, given to each as a file. */
  private static final String SECRETS_KEY = randomKey();
  private static final String SECRETS_KEY_IN_CONTAINER = "/tmp/downcheck-secrets.key";

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static GenericContainer<?> coordinator(String name) {
    return new GenericContainer<>(DockerImages.COORDINATOR).withNetwork(network).withNetworkAliases(name)
        .withCreateContainerCmdModifier(cmd -> cmd.withHostName(name))
        .withEnv(Map.of("DOWNCHECK_KAFKA", "kafka:9092", "DOWNCHECK_COORDINATOR_ID", name,
            "DOWNCHECK_HAZELCAST_MEMBERS", "coordinator-1,coordinator-2", "DOWNCHECK_HAZELCAST_CLUSTER", "downcheck-it",
            // coordinators that share state share one secrets key (docs/operations.md)
            "DOWNCHECK_SECRETS_KEY_FILE", SECRETS_KEY_IN_CONTAINER,
            // each test asks its own question: no answer shared from an earlier check
            "DOWNCHECK_COALESCE_SECONDS", "0", "DOWNCHECK_TARGET_CHECKS_PER_MINUTE", "1000",
            // the target is on this test's Docker network: the coordinator judges its literal address too
            "DOWNCHECK_ALLOW_PRIVATE_TARGETS", "true"))
        .withCopyToContainer(Transferable.of(SECRETS_KEY), SECRETS_KEY_IN_CONTAINER)
        .withExposedPorts(8080)
        .waitingFor(Wait.forHttp("/ready").forPort(8080).forStatusCode(200).withStartupTimeout(Duration.ofSeconds(120)));
  }

  private static GenericContainer<?> agent(String region) {
    return agent(region, 1000);
  }

  private static GenericContainer<?> agent(String region, int heartbeatMs) {
    return new GenericContainer<>(DockerImages.AGENT).withNetwork(network)
        .withEnv(Map.of("DOWNCHECK_KAFKA", "kafka:9092", "DOWNCHECK_REGION", region, "DOWNCHECK_AGENT_ID", region + "-1",
            // the target is on this test's Docker network: a private address
            "DOWNCHECK_ALLOW_PRIVATE_TARGETS", "true",
            // no public canaries offline: with none the agent is never impaired
            "DOWNCHECK_CANARIES", "",
            "DOWNCHECK_HEARTBEAT_INTERVAL_MS", String.valueOf(heartbeatMs)))
        .withExposedPorts(9100)
        .waitingFor(Wait.forHttp("/ready").forPort(9100).forStatusCode(200).withStartupTimeout(Duration.ofSeconds(120)));
  }

  /** The target, served from this test on the network's gateway, the host's address the containers reach. */
  private static void startTarget() throws Exception {
    String gateway = DockerClientGateway.of(network);
    target = HttpServer.create(new InetSocketAddress(gateway, 0), 50);
    target.setExecutor(Executors.newCachedThreadPool());
    target.createContext("/", ex -> {
      if (ex.getRequestURI().getPath().equals("/slow")) {
        try {
          slowRelease.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, ok.length);
      ex.getResponseBody().write(ok);
      ex.close();
    });
    target.start();
    targetBase = "http://" + gateway + ":" + target.getAddress().getPort();
  }

  private static String checkOf(String url) {
    return "{\"target\":\"" + url + "\"}";
  }

  private static Map<String, RegionStatus> statusByRegion(CheckView v) {
    return v.regions().stream().collect(Collectors.toMap(RegionReport::region, RegionReport::status));
  }
}
