package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.UnacceptingServer;
import downcheck.agent.resolve.Resolvers;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.Timings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain HTTP against a real Vert.x server on 127.0.0.1 (and ::1), port 0; private targets allowed. */
class HttpProbeTest {
  static Vertx vertx;
  static HttpServer server;
  static HttpServer server6;
  static final Set<String> remoteHosts = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startServer() {
    vertx = Vertx.vertx();
    server = Await.result(vertx.createHttpServer().requestHandler(HttpProbeTest::handle).listen(0, "127.0.0.1"));
    server6 = Await.result(vertx.createHttpServer().requestHandler(HttpProbeTest::handle).listen(0, "::1"));
  }

  static void handle(HttpServerRequest req) {
    remoteHosts.add(req.remoteAddress().hostAddress());
    String path = req.path();
    if (path.startsWith("/r/")) {
      int left = Integer.parseInt(path.substring(3));
      req.response().setStatusCode(302).putHeader("Location", left == 0 ? "/final" : "/r/" + (left - 1)).end();
      return;
    }
    switch (path) {
      case "/close" -> req.connection().close();
      case "/silent" -> { } // accepts, reads the request, never answers
      case "/503" -> req.response().setStatusCode(503).putHeader("Retry-After", "120").end("maintenance");
      case "/404" -> req.response().setStatusCode(404).end("no such page");
      case "/big" -> req.response().end("x".repeat(HttpRun.BODY_LIMIT) + "needle");
      case "/chunked" -> req.response().setChunked(true).write("one ").compose(v -> req.response().write("two "))
          .compose(v -> req.response().end("three"));
      default -> req.response().end("hello ua=" + req.getHeader("User-Agent") + " host=" + req.authority());
    }
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  static ProbeOutcome probe(ProbeSettings settings, String url, Expect expect, Duration timeout) {
    HttpProbe probe = new HttpProbe(vertx, settings, Resolvers.create(vertx, List.of()), Clock.systemUTC());
    return Await.result(probe.run(new ProbeSpec(Target.parse(url, ProbeKind.HTTP), expect, timeout)));
  }

  static ProbeOutcome probe(String path) {
    return probe(privateAllowed(), base() + path, Expect.DEFAULT, Duration.ofSeconds(5));
  }

  static ProbeOutcome probe(String path, Expect expect) {
    return probe(privateAllowed(), base() + path, expect, Duration.ofSeconds(5));
  }

  static ProbeSettings privateAllowed() {
    return ProbeSettings.forRegion("test-1", null, true);
  }

  static String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Test
  void answeringServerIsUpWithTimingsAddressAndUserAgent() {
    ProbeOutcome o = probe("/", new Expect(List.of(), "ua=downcheck-agent/"));
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(o.address()).isEqualTo("127.0.0.1");
    assertThat(o.finalUrl()).isEqualTo(base() + "/");
    assertThat(o.timings().dnsMs()).isNotNull();
    assertThat(o.timings().connectMs()).isNotNull();
    assertThat(o.timings().firstByteMs()).isNotNull();
    assertThat(o.timings().totalMs()).isNotNull();
  }

  @Test
  void plainHttpHasNoTlsTimeAndPhasesWithinTheTotal() {
    Timings t = probe("/").timings();
    assertThat(t.tlsMs()).isNull();
    assertThat(List.of(t.dnsMs(), t.connectMs(), t.firstByteMs())).allSatisfy(ms -> assertThat(ms).isBetween(0L, t.totalMs()));
    assertThat(t.dnsMs() + t.connectMs() + t.firstByteMs()).isLessThanOrEqualTo(t.totalMs());
  }

  @Test
  void chunkedBodyIsReadToItsEnd() {
    ProbeOutcome o = probe("/chunked", new Expect(List.of(), "one two three"));
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
  }

  @Test
  void bodyDelimitedByTheCloseIsRead() {
    RawServer raw = RawServer.answering(vertx, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the close",
        true);
    try {
      ProbeOutcome o = probe(privateAllowed(), "http://127.0.0.1:" + raw.port() + "/", new Expect(List.of(), "the close"),
          Duration.ofSeconds(5));
      assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
      assertThat(o.httpStatus()).isEqualTo(200);
    } finally {
      raw.close();
    }
  }

  @Test
  void oversizedHeaderBlockIsAnUnexpectedAnswer() {
    String huge = "HTTP/1.1 200 OK\r\nX-Filler: " + "a".repeat(ResponseParser.HEAD_LIMIT) + "\r\n\r\n";
    ProbeOutcome o = probeRaw(huge, false);
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
    assertThat(o.httpStatus()).isNull();
    assertThat(o.message()).isEqualTo("malformed response: response header larger than " + ResponseParser.HEAD_LIMIT
        + " bytes");
    assertThat(o.timings().firstByteMs()).isNotNull();
  }

  @Test
  void answerThatIsNotHttpIsAnUnexpectedAnswer() {
    ProbeOutcome o = probeRaw("SSH-2.0-OpenSSH_9.6\r\n", false);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
    assertThat(o.message()).startsWith("malformed response: not an HTTP/1.x status line");
  }

  @Test
  void bodyCutShortIsConnectionReset() {
    ProbeOutcome o = probeRaw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.CONNECTION_RESET);
    assertThat(o.message()).contains("connection closed in the response body");
  }

  static ProbeOutcome probeRaw(String answer, boolean close) {
    RawServer raw = RawServer.answering(vertx, answer, close);
    try {
      return probe(privateAllowed(), "http://127.0.0.1:" + raw.port() + "/", Expect.DEFAULT, Duration.ofSeconds(5));
    } finally {
      raw.close();
    }
  }

  @Test
  void userAgentNamesTheRegion() {
    assertThat(probe("/", new Expect(List.of(), "region test-1")).outcome()).isEqualTo(Outcome.UP);
  }

  @Test
  void ipv6LiteralIsProbedWithABracketedHostHeader() {
    int port = server6.actualPort();
    ProbeOutcome o = probe(privateAllowed(), "http://[::1]:" + port + "/", new Expect(List.of(), "host=[::1]:" + port),
        Duration.ofSeconds(5));
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.address()).isEqualTo("0:0:0:0:0:0:0:1");
  }

  @Test
  void closedPortIsConnectRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProbeOutcome o = probe(privateAllowed(), "http://127.0.0.1:" + port + "/", Expect.DEFAULT, Duration.ofSeconds(5));
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.CONNECT_REFUSED);
    assertThat(o.message()).containsIgnoringCase("refused");
  }

  @Test
  void connectThatNeverCompletesIsConnectTimeout() throws Exception {
    try (UnacceptingServer full = new UnacceptingServer()) {
      ProbeOutcome o = probe(privateAllowed(), "http://127.0.0.1:" + full.port() + "/", Expect.DEFAULT,
          Duration.ofMillis(500));
      assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.CONNECT_TIMEOUT);
    }
  }

  @Test
  void serverThatNeverAnswersIsTimeout() {
    ProbeOutcome o = probe(privateAllowed(), base() + "/silent", Expect.DEFAULT, Duration.ofMillis(500));
    assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.TIMEOUT);
    assertThat(o.timings().connectMs()).isNotNull();
  }

  @Test
  void serverClosingOnRequestIsConnectionReset() {
    ProbeOutcome o = probe("/close");
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.CONNECTION_RESET);
    assertThat(o.message()).isNotBlank();
  }

  @Test
  void serviceUnavailableIsHttp5xxWithRetryAfter() {
    ProbeOutcome o = probe("/503");
    assertThat(o.errorClass()).isEqualTo(ErrorClass.HTTP_5XX);
    assertThat(o.httpStatus()).isEqualTo(503);
    assertThat(o.retryAfter()).isEqualTo("120");
  }

  @Test
  void notFoundIsUpByDefaultButUnexpectedWhenStatusesAreNamed() {
    assertThat(probe("/404").outcome()).isEqualTo(Outcome.UP);
    ProbeOutcome o = probe("/404", new Expect(List.of(200), null));
    assertThat(o.errorClass()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
    assertThat(o.httpStatus()).isEqualTo(404);
  }

  @Test
  void missingBodyTextIsContentMismatch() {
    assertThat(probe("/", new Expect(List.of(), "hello")).outcome()).isEqualTo(Outcome.UP);
    assertThat(probe("/", new Expect(List.of(), "goodbye")).errorClass()).isEqualTo(ErrorClass.CONTENT_MISMATCH);
  }

  @Test
  void onlyABoundedPrefixOfTheBodyIsRead() {
    ProbeOutcome o = probe("/big", new Expect(List.of(), "needle"));
    assertThat(o.errorClass()).isEqualTo(ErrorClass.CONTENT_MISMATCH);
    assertThat(o.message()).contains("first " + HttpRun.BODY_LIMIT + " bytes");
  }

  @Test
  void redirectChainIsFollowedToTheFinalUrl() {
    ProbeOutcome o = probe("/r/4");
    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(o.finalUrl()).isEqualTo(base() + "/final");
  }

  @Test
  void tooManyRedirectsIsUnexpectedStatus() {
    ProbeOutcome o = probe("/r/5"); // six redirects, five allowed
    assertThat(o.errorClass()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
    assertThat(o.httpStatus()).isEqualTo(302);
    assertThat(o.message()).contains("too many redirects");
  }

  @Test
  void outgoingConnectionsBindToTheSourceAddress() {
    ProbeOutcome a = probe(ProbeSettings.forRegion("a", "127.0.0.2", true), base() + "/", Expect.DEFAULT, Duration.ofSeconds(5));
    ProbeOutcome b = probe(ProbeSettings.forRegion("b", "127.0.0.3", true), base() + "/", Expect.DEFAULT, Duration.ofSeconds(5));
    assertThat(List.of(a.outcome(), b.outcome())).containsOnly(Outcome.UP);
    assertThat(remoteHosts).contains("127.0.0.2", "127.0.0.3");
  }
}
