package downcheck.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.dev.EmbeddedKafka;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.HostileReceiver;
import downcheck.testing.LoggedPort;
import downcheck.testing.TargetServer;
import downcheck.testing.TestAgents;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients and a hostile webhook receiver against one coordinator started as its image
 * starts it (deploy/coordinator/Dockerfile: {@code -XX:MaxRAMPercentage=75
 * -XX:+ExitOnOutOfMemoryError}) inside the Kubernetes memory limit of 512 MiB (so a 384 MiB heap),
 * all at once: slowloris connections, live streams that never read, invented API keys, and
 * monitors whose receiver answers 200 with a body that never ends. Ordinary checks, sent from
 * another address, run throughout. The coordinator must live, stay inside its limit, refuse or
 * bound every attack, and make every honest check final UP (docs/security.md).
 */
class HostileClientsIT {
  /** The Kubernetes manifest's memory limit for a coordinator (deploy/k8s/base/coordinator.yaml). */
  static final long RSS_BOUND_KB = 512 * 1024;
  static final String ATTACKER = "127.0.0.5";
  static final String REGION = "clients";

  static EmbeddedKafka kafka;
  static TestAgents agents;
  static TargetServer healthy;
  static HostileReceiver endless;
  static Process coordinator;
  static Api api;
  static int port;
  static final Path LOG = Path.of("target", "hostile-clients-coordinator.log");

  @BeforeAll
  static void start() throws IOException {
    kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    agents = new TestAgents(kafka.bootstrapServers());
    healthy = TargetServer.ok(agents.vertx());
    endless = HostileReceiver.on("127.0.0.1", HostileReceiver.endlessBody(Long.MAX_VALUE));
    coordinator = startCoordinator();
    port = LoggedPort.await(coordinator, LOG, LoggedPort.COORDINATOR, Duration.ofSeconds(90));
    api = new Api("http://127.0.0.1:" + port);
    agents.start(REGION, "127.0.0.1", healthy.url());
    await("region live").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> api.regionNames().contains(REGION));
  }

  @AfterAll
  static void stop() {
    if (coordinator != null) {
      coordinator.destroyForcibly();
    }
    if (endless != null) {
      endless.close();
    }
    if (agents != null) {
      agents.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyAttackIsRefusedOrBoundedAndHonestChecksGoOn() throws Exception {
    AtomicLong peakKb = new AtomicLong(rssKb());
    List<String> honest = new CopyOnWriteArrayList<>();
    ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
    background.scheduleAtFixedRate(() -> peakKb.accumulateAndGet(rssKb(), Math::max), 0, 100, TimeUnit.MILLISECONDS);
    background.scheduleAtFixedRate(() -> honest.add(api.submit("{\"target\":\"" + healthy.url() + "?n="
        + UUID.randomUUID() + "\",\"timeoutMs\":3000}").id()), 0, 1500, TimeUnit.MILLISECONDS);
    List<Socket> held = new ArrayList<>();
    try {
      // monitors whose receiver's 200 never ends: each attempt is cut at the webhook deadline
      for (int i = 0; i < 3; i++) {
        assertThat(post(ATTACKER, "/api/v1/monitors", "{\"target\":\"tcp://127.0.0.1:" + closedPort()
            + "\",\"intervalSeconds\":1,\"confirmations\":1,\"timeoutMs\":1000,\"notify\":[{\"type\":\"webhook\","
            + "\"url\":\"" + endless.url("/hook" + i) + "\"}]}", "")).as("monitor %d", i).isEqualTo(201);
      }
      // invented API keys with keys off: one address, one budget (--client-checks-per-minute, 60, a
      // window a minute: two windows at most when the attack straddles a minute's boundary)
      int accepted = 0;
      for (int i = 0; i < 200; i++) {
        int status = post(ATTACKER, "/api/v1/checks", "{\"target\":\"" + healthy.url() + "?k=" + i + "\"}",
            "X-API-Key: " + UUID.randomUUID() + "\r\n");
        accepted += status == 202 || status == 200 ? 1 : 0;
      }
      assertThat(accepted).as("checks accepted of 200 from invented keys").isLessThanOrEqualTo(2 * 60);
      // live streams that never read: past --max-streams-per-client, 429 at once
      int refusedStreams = 0;
      for (int i = 0; i < 20; i++) {
        Socket s = open(ATTACKER);
        held.add(s);
        s.getOutputStream().write("GET /api/v1/stream HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        refusedStreams += statusLine(s).contains(" 429 ") ? 1 : 0;
      }
      assertThat(refusedStreams).as("streams refused of 20").isEqualTo(20 - 8);
      // slowloris: half a request on as many connections as the address may hold and more
      for (int i = 0; i < 100; i++) {
        try {
          Socket s = open(ATTACKER);
          s.getOutputStream().write("GET /api/v1/regions HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
          held.add(s);
        } catch (IOException refused) {
          // a connection refused outright is as good as one answered 429
        }
      }
      // the idle timeout (3 s here) closes every half-request; the refused ones are closed after their answer
      await("every slowloris connection closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
          .until(() -> held.stream().skip(20).allMatch(HostileClientsIT::closedByPeer));
      // and the webhook attempts ended at their deadline, none of them delivered
      await("a webhook attempt cut at its deadline").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
          .until(() -> endless.connections().stream().anyMatch(c -> c.closed().get() > 0));
    } finally {
      background.shutdownNow();
      for (Socket s : held) {
        s.close();
      }
    }
    assertThat(coordinator.isAlive()).as("coordinator alive; its log:%n%s", tail()).isTrue();
    assertThat(honest).as("honest checks during the attacks").hasSizeGreaterThanOrEqualTo(5);
    for (String id : honest) {
      assertThat(api.awaitFinal(id, Duration.ofSeconds(20)).verdict()).as("honest check %s", id).isEqualTo(Verdict.UP);
    }
    System.out.printf("hostile clients: coordinator peak RSS %d KB, %d honest checks%n", peakKb.get(), honest.size());
    assertThat(peakKb.get()).as("coordinator's resident memory at its peak, KB").isLessThan(RSS_BOUND_KB);
  }

  /** A request on its own connection from {@code source}; its status (the body is not read). */
  private static int post(String source, String path, String body, String headers) throws IOException {
    try (Socket s = open(source)) {
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers
          + "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(content);
      return Integer.parseInt(statusLine(s).substring(9, 12));
    }
  }

  private static Socket open(String source) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.bind(new InetSocketAddress(source, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static String statusLine(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) >= 0 && b != '\n' && line.length() < 200; ) {
      line.append((char) b);
    }
    return line.toString();
  }

  private static boolean closedByPeer(Socket s) {
    try {
      s.setSoTimeout(50);
      InputStream in = s.getInputStream();
      byte[] drain = new byte[4096];
      while (true) {
        if (in.read(drain) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(coordinator.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process is gone: the assertions say so
    }
    return 0;
  }

  /** The packaged coordinator with its image's JVM options, inside the Kubernetes memory limit. */
  private static Process startCoordinator() throws IOException {
    String jar = System.getProperty("downcheck.coordinatorJar");
    if (jar == null || !new File(jar).isFile()) {
      throw new AssertionError("downcheck.coordinatorJar is not a built jar: " + jar + " (run mvn verify, which packages first)");
    }
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:MaxRAMPercentage=75", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar,
        "--kafka", kafka.bootstrapServers(), "--partitions", "3", "--coordinator-id", "hostile-c",
        "--http-host", "127.0.0.1", "--http-port", "0", "--hazelcast-port", String.valueOf(closedPort()),
        "--allow-private-targets", "--secrets-key-file", Configs.SECRETS_KEY_FILE.toString(),
        "--target-checks-per-minute", "0",
        "--monitor-min-interval-seconds", "1", "--monitor-tick-ms", "200", "--webhook-timeout-ms", "2000",
        "--http-idle-timeout-ms", "3000", "--stream-heartbeat-ms", "1000");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(LOG.toFile()).start();
  }

  private static String tail() {
    try {
      List<String> lines = Files.readAllLines(LOG);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
