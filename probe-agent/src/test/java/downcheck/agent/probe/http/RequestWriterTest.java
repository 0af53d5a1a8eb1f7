package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.resolve.Resolvers;
import downcheck.model.check.CheckOptions;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.RequestShape;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request on the wire: a probe sends to a raw server on 127.0.0.1 that records every byte it
 * received (head and Content-Length body) and answers as the test says.
 */
class RequestWriterTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  /** A server recording each request as received, answering each with what {@code answer} makes of it. */
  static final class Recorder {
    final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
    final NetServer server;

    Recorder(Function<String, String> answer) {
      server = Await.result(vertx.createNetServer().connectHandler(socket -> {
        Buffer seen = Buffer.buffer();
        socket.handler(b -> {
          seen.appendBuffer(b);
          String text = seen.toString(StandardCharsets.ISO_8859_1);
          int end = text.indexOf("\r\n\r\n");
          if (end < 0 || text.length() < end + 4 + contentLength(text)) {
            return;
          }
          socket.handler(null);
          requests.add(text);
          socket.write(Buffer.buffer(answer.apply(text).getBytes(StandardCharsets.ISO_8859_1)));
        });
      }).listen(0, "127.0.0.1"));
    }

    String base() {
      return "http://127.0.0.1:" + server.actualPort();
    }

    String next() throws InterruptedException {
      String r = requests.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a request arrived").isNotNull();
      return r;
    }

    static int contentLength(String text) {
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          return Integer.parseInt(line.substring(15).strip());
        }
      }
      return 0;
    }
  }

  static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

  static ProbeOutcome probe(String url, RequestShape shape, Expect expect) {
    HttpProbe probe = new HttpProbe(vertx, new ProbeSettings(null, true, "downcheck-agent/test", 5, List.of()),
        Resolvers.create(vertx, List.of()), Clock.systemUTC());
    CheckOptions options = new CheckOptions(shape, null, null, null, null);
    return Await.result(probe.run(new ProbeSpec(Target.parse(url, ProbeKind.HTTP), expect, Duration.ofSeconds(5),
        options)));
  }

  static Map<String, String> headers(String... nameValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      m.put(nameValues[i], nameValues[i + 1]);
    }
    return m;
  }

  @Test
  void aPostArrivesWithItsHeadersAndBodyAsSent() throws Exception {
    Recorder server = new Recorder(r -> OK);
    int port = server.server.actualPort();
    String body = "{\"q\":\"é\"}";
    ProbeOutcome outcome = probe(server.base() + "/submit?x=1", new RequestShape("POST",
        headers("X-Token", "s3cret", "Content-Type", "application/json"), body), Expect.DEFAULT);
    assertThat(outcome.outcome()).isEqualTo(Outcome.UP);
    assertThat(server.next()).isEqualTo("POST /submit?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "User-Agent: downcheck-agent/test\r\nAccept: */*\r\nX-Token: s3cret\r\nContent-Type: application/json\r\n"
        + "Content-Length: 10\r\nConnection: close\r\n\r\n"
        + new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
  }

  @Test
  void aPlainCheckSendsTheSameGetAsEver() throws Exception {
    Recorder server = new Recorder(r -> OK);
    probe(server.base() + "/", RequestShape.DEFAULT, Expect.DEFAULT);
    assertThat(server.next()).isEqualTo("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + server.server.actualPort()
        + "\r\nUser-Agent: downcheck-agent/test\r\nAccept: */*\r\nConnection: close\r\n\r\n");
  }

  @Test
  void theUsersUserAgentAndAcceptReplaceTheAgentsAndAnEmptyPutSaysSo() throws Exception {
    Recorder server = new Recorder(r -> OK);
    probe(server.base() + "/", new RequestShape("PUT", headers("user-agent", "Mozilla/5.0", "Accept", "text/html"),
        null), Expect.DEFAULT);
    String request = server.next();
    assertThat(request).startsWith("PUT / HTTP/1.1\r\n").contains("\r\nuser-agent: Mozilla/5.0\r\n",
        "\r\nAccept: text/html\r\n", "\r\nContent-Length: 0\r\n");
    assertThat(request).doesNotContain("downcheck-agent", "*/*");
  }

  @Test
  void aHeadAnswerHasNoBodyWhateverItsLength() throws Exception {
    // the connection stays open: a probe waiting for 1000 body bytes would time out
    Recorder server = new Recorder(r -> "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/html\r\n\r\n");
    Expect expect = new Expect(List.of(200), null, null, null,
        List.of(new downcheck.model.check.HeaderMatch("Content-Type", "html")), List.of());
    ProbeOutcome outcome = probe(server.base() + "/", new RequestShape("HEAD", Map.of(), null), expect);
    assertThat(outcome.outcome()).isEqualTo(Outcome.UP);
    assertThat(server.next()).startsWith("HEAD / HTTP/1.1\r\n").doesNotContain("Content-Length");
  }

  @Test
  void aFailedExpectationIsAContentMismatchNamingIt() {
    Recorder server = new Recorder(r -> "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok");
    Expect expect = new Expect(List.of(), null, null, null,
        List.of(new downcheck.model.check.HeaderMatch("Content-Type", "json")), List.of());
    ProbeOutcome outcome = probe(server.base() + "/", RequestShape.DEFAULT, expect);
    assertThat(outcome.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(outcome.errorClass()).isEqualTo(ErrorClass.CONTENT_MISMATCH);
    assertThat(outcome.message()).isEqualTo("header Content-Type 'text/html' does not match 'json'");
  }

  @Test
  void a303AfterAPostIsFollowedWithAGetKeepingTheHeadersOfTheSameOrigin() throws Exception {
    Recorder server = new Recorder(r -> r.startsWith("POST")
        ? "HTTP/1.1 303 See Other\r\nLocation: /done\r\nContent-Length: 0\r\n\r\n" : OK);
    ProbeOutcome outcome = probe(server.base() + "/form", new RequestShape("POST",
        headers("Authorization", "Bearer t", "Content-Type", "text/plain"), "a=1"), Expect.DEFAULT);
    assertThat(outcome.outcome()).isEqualTo(Outcome.UP);
    server.next();
    assertThat(server.next()).startsWith("GET /done HTTP/1.1\r\n").contains("\r\nAuthorization: Bearer t\r\n")
        .doesNotContain("Content-Type", "Content-Length", "a=1");
  }

  @Test
  void a307ToAnotherOriginKeepsMethodAndBodyButNotTheCredentials() throws Exception {
    Recorder other = new Recorder(r -> OK);
    Recorder first = new Recorder(r -> "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + other.base()
        + "/there\r\nContent-Length: 0\r\n\r\n");
    ProbeOutcome outcome = probe(first.base() + "/here", new RequestShape("POST",
        headers("X-Api-Key", "k", "Accept", "application/json"), "a=1"), Expect.DEFAULT);
    assertThat(outcome.outcome()).isEqualTo(Outcome.UP);
    assertThat(first.next()).contains("X-Api-Key: k");
    assertThat(other.next()).startsWith("POST /there HTTP/1.1\r\n").contains("\r\nAccept: application/json\r\n")
        .endsWith("\r\n\r\na=1").doesNotContain("X-Api-Key");
  }

  static Stream<Arguments> unsendable() {
    return Stream.of(
        argumentSet("CRLF in a value", new RequestShape("GET", Map.of("X-A", "1\r\nX-B: 2"), null)),
        argumentSet("a name that is no token", new RequestShape("GET", Map.of("X A", "1"), null)),
        argumentSet("Host", new RequestShape("GET", Map.of("Host", "evil.example"), null)),
        argumentSet("Content-Length", new RequestShape("POST", Map.of("content-length", "3"), "abc")),
        argumentSet("hop-by-hop", new RequestShape("GET", Map.of("Transfer-Encoding", "chunked"), null)),
        argumentSet("Proxy-*", new RequestShape("GET", Map.of("Proxy-Authorization", "x"), null)),
        argumentSet("a method with a space", new RequestShape("GET /x", Map.of(), null)));
  }

  @ParameterizedTest
  @MethodSource("unsendable")
  void whatWouldBreakTheFramingIsRefusedBeforeAnyByteIsSent(RequestShape shape) {
    assertThatThrownBy(() -> new RequestWriter(shape, "ua")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aShapeTheAgentRefusesIsAnErrorOfTheProbeNotEvidence() {
    ProbeOutcome outcome = probe("http://127.0.0.1:9/", new RequestShape("GET", Map.of("X-A", "1\n2"), null),
        Expect.DEFAULT);
    assertThat(outcome.outcome()).isEqualTo(Outcome.ERROR);
  }

  @ParameterizedTest(name = "{0}:{1} https={2} -> {3}")
  @CsvSource({
      "example.com, 443, true, example.com",
      "example.com, 80, false, example.com",
      "example.com, 443, false, example.com:443",
      "example.com, 8443, true, example.com:8443",
      "::1, 8080, false, '[::1]:8080'",
  })
  void hostHeaderOmitsTheDefaultPortAndBracketsIpv6(String host, int port, boolean https, String expected) {
    assertThat(RequestWriter.hostHeader(host, port, https)).isEqualTo(expected);
  }

  @Test
  void aRequestTargetOrHostWithControlCharactersIsRefused() {
    RequestWriter writer = new RequestWriter(RequestShape.DEFAULT, "ua");
    assertThatThrownBy(() -> writer.http1("/a b", "example.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.http1("a", "example.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.http1("/", "example.com\r\nX: y")).isInstanceOf(IllegalArgumentException.class);
  }
}
