package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.testing.SseClient;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A crowd of clients cannot exhaust a coordinator's connections or streams: connections are
 * capped per client address and in all and closed when idle, live streams are capped likewise,
 * and a stream whose reader does not read is cut off before 64 KiB wait for it. Real parts: the
 * embedded broker, one agent, the coordinator's HTTP server; the attackers are raw sockets bound
 * to loopback addresses of their own (each address one client), the honest client is 127.0.0.1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrowdTest {
  static final int PER_CLIENT = 8;
  static final int TOTAL = 20;
  static final int STREAMS_PER_CLIENT = 2;
  static final int STREAMS = 4;
  static final Duration IDLE = Duration.ofMillis(2000);
  /** The most a stream may have waiting before it is cut off (docs/security.md): the promise, not the code's constant. */
  static final int MAX_QUEUED = 64 * 1024;
  static TestNetwork net;
  static TargetServer target;
  static int port;
  final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.startWith(Duration.ofMillis(1000), "--http-idle-timeout-ms", Long.toString(IDLE.toMillis()),
        "--stream-heartbeat-ms", "300",
        "--max-connections-per-client", Integer.toString(PER_CLIENT), "--max-connections", Integer.toString(TOTAL),
        "--max-streams-per-client", Integer.toString(STREAMS_PER_CLIENT), "--max-streams", Integer.toString(STREAMS));
    target = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(target.url())));
    port = URI.create(net.api().base()).getPort();
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @BeforeEach
  void nothingHeldFromBefore() {
    await("earlier streams given back").atMost(Duration.ofSeconds(10)).until(() -> metric("downcheck_streams_open") == 0);
  }

  @AfterEach
  void closeSockets() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  @Test
  @Order(1)
  void slowlorisConnectionsAreCappedPerClientAndInAllAndClosedWhenIdleWhileOthersAreServed() throws IOException {
    // one client's connections, sending nothing or half a request: the first 8 held, the rest refused
    List<Socket> loris = new ArrayList<>();
    for (int i = 0; i < 3 * PER_CLIENT; i++) {
      Socket s = connect("127.0.0.30");
      if (i % 2 == 1) {
        send(s, "GET /api/v1/regions HTTP/1.1\r\nHost: downcheck\r\nX-Slow: "); // and never the rest
      }
      loris.add(s);
    }
    // past its cap, a request the client does finish is told why, and the connection closed
    Socket more = connect("127.0.0.30");
    send(more, "GET /health HTTP/1.1\r\nHost: downcheck\r\n\r\n");
    String refused = response(more);
    assertThat(refused).startsWith("HTTP/1.1 429").contains("Retry-After: 5").contains("application/problem+json")
        .contains("Too many connections");
    assertThat(closedWithin(more, Duration.ofSeconds(2))).as("refused connection closed").isTrue();

    // every client together: other addresses fill the total, the next is 503
    for (String from : List.of("127.0.0.31", "127.0.0.32")) {
      for (int i = 0; i < PER_CLIENT; i++) {
        loris.add(connect(from));
      }
    }
    Socket late = connect("127.0.0.33");
    send(late, "GET /health HTTP/1.1\r\nHost: downcheck\r\n\r\n");
    assertThat(response(late)).startsWith("HTTP/1.1 503").contains("Retry-After: 5").contains("Too many connections in all");

    // the idle ones (and the refused ones that never finished a request) are closed, all of them
    long start = System.nanoTime();
    for (Socket s : loris) {
      assertThat(closedWithin(s, IDLE.multipliedBy(4))).as("idle connection closed").isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE.multipliedBy(4));
    // and the honest client was never refused
    assertThat(net.api().get("/health").statusCode()).isEqualTo(200);
    assertThat(metric("downcheck_connections_refused_total{reason=\"client\"}")).isPositive();
    assertThat(metric("downcheck_connections_refused_total{reason=\"total\"}")).isPositive();
  }

  @Test
  @Order(2)
  void streamsPastTheCapOfTheirClientAre429AndPastTheTotal503AndAClosedStreamGivesItsPlaceBack() throws IOException {
    List<Socket> first = new ArrayList<>();
    for (int i = 0; i < STREAMS_PER_CLIENT; i++) {
      first.add(stream("127.0.0.40", "/api/v1/stream"));
      assertThat(head(first.get(i))).startsWith("HTTP/1.1 200").contains("text/event-stream");
    }
    Socket third = stream("127.0.0.40", "/api/v1/checks/c-nosuch/events");
    assertThat(response(third)).startsWith("HTTP/1.1 429").contains("Retry-After: 5").contains("application/problem+json")
        .contains("Too many streams");

    for (int i = 0; i < STREAMS - STREAMS_PER_CLIENT; i++) {
      assertThat(head(stream("127.0.0.41", "/api/v1/stream"))).startsWith("HTTP/1.1 200");
    }
    assertThat(response(stream("127.0.0.42", "/api/v1/stream"))).startsWith("HTTP/1.1 503").contains("Too many streams in all");

    first.get(0).close();
    await("the closed stream's place given back").atMost(Duration.ofSeconds(5))
        .until(() -> metric("downcheck_streams_open") == STREAMS - 1);
    assertThat(head(stream("127.0.0.40", "/api/v1/stream"))).startsWith("HTTP/1.1 200");
    assertThat(metric("downcheck_streams_refused_total{reason=\"client\"}")).isPositive();
    assertThat(metric("downcheck_streams_refused_total{reason=\"total\"}")).isPositive();
  }

  /**
   * The flood is the verdicts of a real check, published again and again on the coordinator's
   * own feed of its streams: megabytes of real events in a second, more than real checks on a
   * test machine can make.
   */
  /**
   * The flood is the verdicts of a real check, published again and again on the coordinator's
   * own feed of its streams: megabytes of real events in a few seconds, more than real checks
   * on a test machine make.
   */
  @Test
  @Order(3)
  void aStreamThatIsNeverReadIsCutOffWithItsQueueBoundedWhileAnotherStreamGetsItsEvents() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    MessageConsumer<String> tap = net.vertx().eventBus().localConsumer(VerdictFeed.STREAM, m -> events.add(m.body()));
    String id = net.api().submit("{\"target\":\"" + target.url() + "\",\"regions\":[\"eu-west\"],\"timeoutMs\":2000}").id();
    net.api().awaitFinal(id, Duration.ofSeconds(20));
    await("the check's verdicts on the feed").atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
    tap.unregister();

    // an ordinary client follows a check whose target answers in a second
    try (TargetServer slow = TargetServer.start(net.vertx(),
        req -> net.vertx().setTimer(1000, t -> req.response().end("ok")))) {
      String other = net.api().submit("{\"target\":\"" + slow.url() + "\",\"regions\":[\"eu-west\"],\"timeoutMs\":5000}").id();
      try (SseClient client = new SseClient(net.api().base() + "/api/v1/checks/" + other + "/events")) {
        assertThat(client.status()).isEqualTo(200);

        Socket deaf = new Socket();
        deaf.setReceiveBufferSize(4096); // reads nothing, and takes little into its own buffer
        deaf.bind(new InetSocketAddress("127.0.0.50", 0));
        deaf.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        sockets.add(deaf);
        send(deaf, "GET /api/v1/stream HTTP/1.1\r\nHost: downcheck\r\nAccept: text/event-stream\r\n\r\n");
        await("both streams open").atMost(Duration.ofSeconds(5)).until(() -> metric("downcheck_streams_open") == 2);

        double dropped = metric("downcheck_streams_dropped_total{kind=\"sse\"}");
        long maxEvent = events.stream().mapToLong(e -> e.getBytes(StandardCharsets.UTF_8).length).max().orElseThrow() + 64;
        long sent = 0;
        while (metric("downcheck_streams_dropped_total{kind=\"sse\"}") == dropped && sent < 64L * 1024 * 1024) {
          for (int i = 0; i < 500; i++) {
            String e = events.get(i % events.size());
            net.vertx().eventBus().publish(VerdictFeed.STREAM, e);
            sent += e.length();
          }
        }
        double peak = metric("downcheck_streams_queued_bytes_peak");
        System.out.printf("never-reading stream: cut off after %d bytes published to it; most waiting for it %.0f bytes%n",
            sent, peak);
        assertThat(metric("downcheck_streams_dropped_total{kind=\"sse\"}")).as("cut off after %d bytes sent", sent)
            .isEqualTo(dropped + 1);
        assertThat(peak).as("bytes waiting for the reader that never reads, at most")
            .isPositive().isLessThanOrEqualTo(MAX_QUEUED + maxEvent);
        await("its queue let go").atMost(Duration.ofSeconds(5)).until(() -> metric("downcheck_streams_queued_bytes") == 0);
        assertThat(metric("downcheck_streams_open")).as("the ordinary stream at most").isLessThanOrEqualTo(1);
        assertThat(closedWithin(deaf, Duration.ofSeconds(5))).as("the deaf client's connection closed").isTrue();

        // the ordinary client was not held back
        List<SseClient.Event> got = client.untilEnd(Duration.ofSeconds(20));
        assertThat(got).extracting(SseClient.Event::name).last().isEqualTo("final");
      }
    }
  }

  private Socket connect(String from) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(from, 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    s.setSoTimeout(5000);
    sockets.add(s);
    return s;
  }

  private Socket stream(String from, String path) throws IOException {
    Socket s = connect(from);
    // closed after the response: a refusal is read to its end
    send(s, "GET " + path + " HTTP/1.1\r\nHost: downcheck\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n");
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** The response's head, up to the blank line. */
  private static String head(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (!out.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      out.write(b);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** The whole response, up to the connection's close (refusals close it). */
  private static String response(Socket s) throws IOException {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Whether the peer closed the connection within {@code within}: end of stream, or reset. */
  private static boolean closedWithin(Socket s, Duration within) {
    try {
      s.setSoTimeout((int) within.toMillis());
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      while (in.read(buf) >= 0) {
        // what was sent before the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private static double metric(String nameWithLabels) {
    for (String line : net.api().get("/metrics").body().split("\n")) {
      if (line.startsWith(nameWithLabels + " ")) {
        return Double.parseDouble(line.substring(nameWithLabels.length() + 1).strip());
      }
    }
    return 0;
  }
}
