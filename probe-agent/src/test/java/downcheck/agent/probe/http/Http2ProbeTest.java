package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.CountingServer;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.resolve.Resolver;
import downcheck.model.check.AddressPolicy;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.Timings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 through ALPN, against TLS servers the test starts: one that speaks only h2 (it closes
 * any HTTP/1.x connection, as a server without HTTP/1.1 does), one that speaks only HTTP/1.1.
 */
class Http2ProbeTest {
  static Vertx vertx;
  static TestCertificates certs;
  static CountingServer h2Only;
  static CountingServer http11Only;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    certs = new TestCertificates();
    TestCertificates.Issued leaf = certs.leaf("tls.test", Instant.now().minusSeconds(3600),
        Instant.now().plus(Duration.ofDays(30)));
    h2Only = CountingServer.start(vertx, new HttpServerOptions().setSsl(true).setKeyCertOptions(leaf.keyCert())
        .setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2)), "127.0.0.1", Http2ProbeTest::answer);
    http11Only = CountingServer.start(vertx, new HttpServerOptions().setSsl(true).setKeyCertOptions(leaf.keyCert()),
        "127.0.0.1", Http2ProbeTest::answer);
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  /** h2-only refuses HTTP/1.x; both say what they saw, and /fail is a 503. */
  static void answer(HttpServerRequest req) {
    if (req.version() != HttpVersion.HTTP_2 && req.connection().isSsl()
        && req.connection().sslSession() != null && req.localAddress().port() == h2Only.port()) {
      req.connection().close();
      return;
    }
    int status = req.path().equals("/fail") ? 503 : 200;
    req.response().setStatusCode(status).putHeader("X-Seen", req.version().alpnName())
        .end("version=" + req.version() + " method=" + req.method() + " authority=" + req.authority()
            + " ua=" + req.getHeader("user-agent"));
  }

  static ProbeOutcome probe(CountingServer server, String path, String bodyContains) {
    ProbeSettings settings = new ProbeSettings(null, true, "downcheck-test", 5, List.of());
    Resolver resolver = host -> Future.succeededFuture(List.of(InetAddress.getLoopbackAddress()));
    HttpProbe probe = new HttpProbe(vertx, settings, resolver, new AddressPolicy(true), certs.ca().trust(),
        Clock.systemUTC());
    Target target = Target.parse("https://tls.test:" + server.port() + path, ProbeKind.HTTP);
    return Await.result(probe.run(new ProbeSpec(target, new Expect(List.of(), bodyContains), Duration.ofSeconds(10))));
  }

  @Test
  void theTestServerRefusesHttp11() {
    var client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(certs.ca().trust())
        .setVerifyHost(false).setProtocolVersion(HttpVersion.HTTP_1_1));
    Throwable failure = Await.failure(client.request(HttpMethod.GET, h2Only.port(), "127.0.0.1", "/")
        .compose(req -> req.send()).compose(resp -> resp.body()));
    assertThat(failure).isNotNull();
  }

  @Test
  void anH2OnlyServerIsUpOverHttp2WithEveryPhaseTimed() {
    ProbeOutcome o = probe(h2Only, "/", "version=HTTP_2 method=GET authority=tls.test:" + h2Only.port()
        + " ua=downcheck-test");
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.httpVersion()).isEqualTo("2");
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(o.certDaysLeft()).isNotNull();
    assertThat(o.address()).isEqualTo("127.0.0.1");
    Timings t = o.timings();
    assertThat(List.of(t.dnsMs(), t.connectMs(), t.tlsMs(), t.firstByteMs()))
        .allSatisfy(ms -> assertThat(ms).isNotNull().isBetween(0L, t.totalMs()));
    assertThat(t.dnsMs() + t.connectMs() + t.tlsMs() + t.firstByteMs()).isLessThanOrEqualTo(t.totalMs());
  }

  @Test
  void anHttp2AnswerIsJudgedAsAnHttp11OneIs() {
    ProbeOutcome failing = probe(h2Only, "/fail", null);
    assertThat(failing.errorClass()).isEqualTo(ErrorClass.HTTP_5XX);
    assertThat(failing.httpStatus()).isEqualTo(503);
    assertThat(failing.httpVersion()).isEqualTo("2");
    ProbeOutcome mismatch = probe(h2Only, "/", "not in the page");
    assertThat(mismatch.errorClass()).isEqualTo(ErrorClass.CONTENT_MISMATCH);
    String body = "version=HTTP_2 method=GET authority=tls.test:" + h2Only.port() + " ua=downcheck-test";
    assertThat(mismatch.message()).startsWith("body (first " + body.length() + " bytes) does not contain");
  }

  @Test
  void anHttp11OnlyServerIsUpOverHttp11() {
    ProbeOutcome o = probe(http11Only, "/", "version=HTTP_1_1");
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.httpVersion()).isEqualTo("1.1");
  }
}
