package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.ProbeMemory;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.resolve.Resolver;
import downcheck.agent.resolve.Resolvers;
import downcheck.agent.resolve.TestDnsServer;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Targets that fight back (docs/security.md, "A hostile target"): each probe ends by its deadline
 * with the class the product gives it, and holds no more than its share of the agent's probe
 * memory budget, which it gives back when it ends. The servers run on a Vert.x of their own, so
 * their endless writing never shares a loop with the probes.
 */
class HostileTargetTest {
  static final Duration DEADLINE = Duration.ofMillis(1000);
  /** What a deadline may overrun on a loaded two-core machine. */
  static final long SLACK_MS = 3000;
  static final Expect LOOK_FOR_ZZZ = new Expect(List.of(), "zzz");

  static Vertx vertx;
  static Vertx servers;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    servers = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
    Await.result(servers.close());
  }

  @Test
  void aBodyThatStallsAfterOneMebibyteIsTimeoutAndItsBytesAreNotKept() {
    byte[] body = new byte[(1 << 20) - 1];
    Arrays.fill(body, (byte) 'a');
    Buffer answer = Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: " + (2 << 20) + "\r\n\r\n").appendBytes(body);
    NetServer server = onRequest(socket -> socket.write(answer));
    // 64 KiB for the whole probe: a probe that kept the body it searches would be refused
    ProbeMemory memory = new ProbeMemory(64 * 1024);

    ProbeOutcome o = probe(url(server, "/big"), LOOK_FOR_ZZZ, memory);

    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.TIMEOUT);
    assertThat(o.message()).isEqualTo("response body did not complete within 1000 ms");
    endedByItsDeadline(o);
    assertThat(memory.held()).as("given back").isZero();
  }

  @Test
  void anEndlessChunkedBodyIsReadToTheBodyLimitAndJudged() {
    NetServer server = onRequest(socket -> {
      socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      pump(socket, Buffer.buffer("4000\r\n" + "a".repeat(0x4000) + "\r\n"));
    });
    ProbeMemory memory = new ProbeMemory(64 * 1024);

    ProbeOutcome searched = probe(url(server, "/endless"), LOOK_FOR_ZZZ, memory);
    ProbeOutcome timed = probe(url(server, "/endless"), Expect.DEFAULT, memory);

    assertThat(searched.errorClass()).as(searched.message()).isEqualTo(ErrorClass.CONTENT_MISMATCH);
    assertThat(searched.message()).isEqualTo("body (first " + HttpRun.BODY_LIMIT + " bytes) does not contain 'zzz'");
    assertThat(timed.outcome()).as(timed.message()).isEqualTo(Outcome.UP);
    assertThat(searched.timings().totalMs()).as("judged at the limit, not the deadline").isLessThan(DEADLINE.toMillis());
    assertThat(memory.held()).isZero();
  }

  @Test
  void oneBytePerIntervalMeetsTheTotalDeadlineNotAnIdleTimeout() {
    byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);
    NetServer server = onRequest(socket -> {
      AtomicInteger sent = new AtomicInteger();
      // a byte every 100 ms: never idle for long, 4 s for the whole answer
      long timer = servers.setPeriodic(100, t -> {
        int i = sent.getAndIncrement();
        if (i < answer.length) {
          socket.write(Buffer.buffer(new byte[] {answer[i]}));
        }
      });
      socket.closeHandler(v -> servers.cancelTimer(timer));
    });

    ProbeOutcome o = probe(url(server, "/slow"), Expect.DEFAULT, ProbeMemory.unlimited());

    assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.TIMEOUT);
    assertThat(o.timings().firstByteMs()).as("bytes were coming").isNotNull();
    endedByItsDeadline(o);
  }

  @Test
  void sixtyFourKibibytesOfHeadersAreAMalformedAnswer() {
    StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (int i = 0; head.length() <= ResponseParser.HEAD_LIMIT; i++) {
      head.append("X-Pad-").append(i).append(": ").append("p".repeat(400)).append("\r\n");
    }
    Buffer answer = Buffer.buffer(head.append("Content-Length: 0\r\n\r\n").toString());
    NetServer server = onRequest(socket -> socket.write(answer));

    ProbeOutcome o = probe(url(server, "/fat-head"), Expect.DEFAULT, new ProbeMemory(1 << 20));

    assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
    assertThat(o.message()).isEqualTo("malformed response: response header larger than 65536 bytes");
    assertThat(o.timings().totalMs()).isLessThan(DEADLINE.toMillis());
  }

  @Test
  void anEndlessHeaderEndsAtTheHeadLimit() {
    NetServer server = onRequest(socket -> {
      socket.write("HTTP/1.1 200 OK\r\n");
      pump(socket, Buffer.buffer("X-Again: " + "x".repeat(1000) + "\r\n"));
    });

    ProbeOutcome o = probe(url(server, "/endless-head"), Expect.DEFAULT, new ProbeMemory(1 << 20));

    assertThat(o.message()).isEqualTo("malformed response: response header larger than 65536 bytes");
    assertThat(o.errorClass()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
  }

  @Test
  void heavyHeadsPastTheMemoryBudgetAreRefusedAsTheAgentsOwnLimitAndGivenBack() {
    // a 60 KiB header line that never ends: each probe holds it as it grows
    NetServer server = onRequest(socket -> socket.write("HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(60 * 1024)));
    ProbeMemory memory = new ProbeMemory(256 * 1024);

    List<Future<ProbeOutcome>> runs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      runs.add(run(url(server, "/heavy?n=" + i), Expect.DEFAULT, memory));
    }
    List<ProbeOutcome> outcomes = runs.stream().map(Await::result).toList();

    List<ProbeOutcome> refused = outcomes.stream().filter(o -> o.outcome() == Outcome.ERROR).toList();
    assertThat(refused).as("refused past the budget").isNotEmpty();
    assertThat(refused).allSatisfy(o -> {
      assertThat(o.errorClass()).as("the agent's own limit: no class, never evidence").isNull();
      assertThat(o.message()).contains("probe memory budget is spent").contains("of 262144 held");
    });
    assertThat(outcomes).filteredOn(o -> o.outcome() != Outcome.ERROR).allSatisfy(o -> {
      assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.TIMEOUT);
      endedByItsDeadline(o);
    });
    assertThat(refused).allSatisfy(o -> assertThat(o.timings().totalMs()).isLessThan(DEADLINE.toMillis() + SLACK_MS));
    assertThat(memory.held()).as("every lease given back").isZero();
  }

  @Test
  void anEndlessRedirectChainStopsAtTheRedirectLimit() {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = Await.result(servers.createHttpServer().requestHandler(req -> {
      int n = requests.incrementAndGet();
      req.response().setStatusCode(302).putHeader("Location", "/hop/" + n).end();
    }).listen(0, "127.0.0.1"));

    // a deadline the six connections never need: the limit ends the chain, not the time
    ProbeOutcome o = Await.result(run("http://127.0.0.1:" + server.actualPort() + "/hop/0", Expect.DEFAULT,
        ProbeMemory.unlimited(), Duration.ofSeconds(10)));

    assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
    assertThat(o.message()).isEqualTo("too many redirects: more than 5");
    assertThat(requests.get()).as("the first answer and five hops").isEqualTo(6);
  }

  @Test
  void aTlsServerThatNeverAnswersTheClientHelloIsTimeout() {
    NetServer silent = onConnect(socket -> socket.handler(b -> { }));

    ProbeOutcome o = probe("https://127.0.0.1:" + silent.actualPort() + "/", Expect.DEFAULT, ProbeMemory.unlimited());

    assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.TIMEOUT);
    assertThat(o.message()).isEqualTo("TLS handshake did not complete within 1000 ms");
    endedByItsDeadline(o);
  }

  @Test
  void aNameWithHundredsOfAddressesIsProbedAtOneOfThemWithinTheDeadline() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    NetServer silent = onConnect(socket -> {
      connections.incrementAndGet();
      socket.handler(b -> { });
    });
    InetAddress[] addresses = new InetAddress[200];
    addresses[0] = InetAddress.getByName("127.0.0.1");
    for (int i = 1; i < addresses.length; i++) {
      addresses[i] = InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + i / 250), (byte) (1 + i % 250)});
    }
    try (TestDnsServer dns = new TestDnsServer().answer("many.test", addresses)) {
      ProbeSettings settings = new ProbeSettings(null, true, "downcheck-test", 5, List.of(dns.address()));
      Resolver resolver = Resolvers.create(vertx, settings.dnsServers());
      // every address arrives (over TCP, as the UDP answer is truncated); the lookup also warms the
      // resolver, whose first use costs a loaded machine more than the probe's deadline
      assertThat(Await.result(resolver.addressesOf("many.test"))).hasSize(addresses.length);
      HttpProbe probe = new HttpProbe(vertx, settings, resolver, Clock.systemUTC(), ProbeMemory.unlimited());

      ProbeOutcome o = Await.result(probe.run(new ProbeSpec(
          Target.parse("http://many.test:" + silent.actualPort() + "/", ProbeKind.HTTP), Expect.DEFAULT, DEADLINE)));

      assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.TIMEOUT);
      assertThat(o.address()).isEqualTo("127.0.0.1");
      assertThat(connections.get()).as("addresses tried").isEqualTo(1);
      endedByItsDeadline(o);
    }
  }

  // ---- helpers

  static void endedByItsDeadline(ProbeOutcome o) {
    assertThat(o.timings().totalMs()).as(o.message()).isBetween(DEADLINE.toMillis(), DEADLINE.toMillis() + SLACK_MS);
  }

  static ProbeOutcome probe(String url, Expect expect, ProbeMemory memory) {
    return Await.result(run(url, expect, memory));
  }

  static Future<ProbeOutcome> run(String url, Expect expect, ProbeMemory memory) {
    return run(url, expect, memory, DEADLINE);
  }

  static Future<ProbeOutcome> run(String url, Expect expect, ProbeMemory memory, Duration deadline) {
    ProbeSettings settings = ProbeSettings.forRegion("test-1", null, true);
    HttpProbe probe = new HttpProbe(vertx, settings, Resolvers.create(vertx, List.of()), Clock.systemUTC(), memory);
    return probe.run(new ProbeSpec(Target.parse(url, ProbeKind.HTTP), expect, deadline));
  }

  static String url(NetServer server, String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Calls {@code answer} once the request head has come; the connection then stays open. */
  static NetServer onRequest(Consumer<NetSocket> answer) {
    return onConnect(socket -> {
      Buffer seen = Buffer.buffer();
      socket.handler(b -> {
        boolean before = !seen.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n");
        seen.appendBuffer(b);
        if (before && seen.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
          answer.accept(socket);
        }
      });
    });
  }

  static NetServer onConnect(Consumer<NetSocket> onConnect) {
    return Await.result(servers.createNetServer().connectHandler(onConnect::accept).listen(0, "127.0.0.1"));
  }

  /** Writes {@code piece} for as long as the peer reads, until it closes. */
  static void pump(NetSocket socket, Buffer piece) {
    AtomicBoolean closed = new AtomicBoolean();
    socket.closeHandler(v -> closed.set(true));
    pumpMore(socket, piece, closed);
  }

  private static void pumpMore(NetSocket socket, Buffer piece, AtomicBoolean closed) {
    for (int i = 0; i < 64 && !closed.get() && !socket.writeQueueFull(); i++) {
      socket.write(piece);
    }
    if (closed.get()) {
      return;
    }
    if (socket.writeQueueFull()) {
      socket.drainHandler(v -> pumpMore(socket, piece, closed));
    } else {
      servers.runOnContext(v -> pumpMore(socket, piece, closed));
    }
  }
}
