package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.CountingServer;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.resolve.Resolvers;
import downcheck.agent.resolve.TestDnsServer;
import downcheck.model.check.AddressPolicy;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.Timings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.TrustOptions;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS against loopback servers with certificates made by the test. The name tls.test
 * resolves (through the test's own DNS server) to 127.0.0.1: the probe connects to that
 * address while SNI and hostname verification keep the name.
 */
class HttpTlsTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Instant GOOD_UNTIL = NOW.plus(Duration.ofDays(30));
  static Vertx vertx;
  static TestDnsServer dns;
  static TestCertificates certs;
  static CountingServer good;
  static CountingServer expired;
  static CountingServer selfSigned;
  static CountingServer otherHost;
  /** When the server's TLS session of each request began: a resumed session keeps its first time. */
  static final List<Long> sessionsCreated = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    dns = new TestDnsServer().answer("tls.test", InetAddress.getByName("127.0.0.1"));
    certs = new TestCertificates();
    good = tlsServer(certs.leaf("tls.test", NOW.minusSeconds(3600), GOOD_UNTIL));
    expired = tlsServer(certs.leaf("tls.test", NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(1))));
    selfSigned = tlsServer(TestCertificates.selfSigned("tls.test"));
    otherHost = tlsServer(certs.leaf("other.test", NOW.minusSeconds(3600), GOOD_UNTIL));
  }

  @AfterAll
  static void stop() {
    dns.close();
    Await.result(vertx.close());
  }

  static CountingServer tlsServer(TestCertificates.Issued cert) {
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setSni(true).setKeyCertOptions(cert.keyCert());
    return CountingServer.start(vertx, options, "127.0.0.1", req -> {
      sessionsCreated.add(req.connection().sslSession().getCreationTime());
      req.response().end("sni=" + req.connection().indicatedServerName() + " host=" + req.authority());
    });
  }

  /** Trusts the test CA (as the JDK trusts public CAs); the clock says "ten days before expiry". */
  static HttpProbe httpProbe(TrustOptions trust) {
    ProbeSettings settings = new ProbeSettings(null, true, "downcheck-test", 5, List.of(dns.address()));
    Clock tenDaysBefore = Clock.fixed(GOOD_UNTIL.minus(Duration.ofDays(10)), ZoneOffset.UTC);
    return new HttpProbe(vertx, settings, Resolvers.create(vertx, settings.dnsServers()), new AddressPolicy(true), trust,
        tenDaysBefore);
  }

  static ProbeOutcome probe(CountingServer server, TrustOptions trust) {
    return probe(httpProbe(trust), server.port(), Duration.ofSeconds(15));
  }

  static ProbeOutcome probe(HttpProbe probe, int port, Duration timeout) {
    Target target = Target.parse("https://tls.test:" + port + "/", ProbeKind.HTTP);
    return Await.result(probe.run(new ProbeSpec(target, new Expect(List.of(), "sni=tls.test host=tls.test:" + port),
        timeout)));
  }

  @Test
  void validCertificateIsUpWithDaysLeftAndTheNameKeptForSniAndHost() {
    ProbeOutcome o = probe(good, certs.ca().trust());
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.certDaysLeft()).isEqualTo(10);
    assertThat(o.address()).isEqualTo("127.0.0.1");
  }

  @Test
  void expiredCertificateIsTlsFailure() {
    ProbeOutcome o = probe(expired, certs.ca().trust());
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TLS_FAILURE);
    assertThat(o.message()).isNotBlank();
  }

  @Test
  void selfSignedCertificateIsTlsFailureWithTheJdkTrustStore() {
    ProbeOutcome o = probe(selfSigned, null);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TLS_FAILURE);
  }

  @Test
  void certificateForAnotherHostIsTlsFailure() {
    ProbeOutcome o = probe(otherHost, certs.ca().trust());
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TLS_FAILURE);
  }

  @Test
  void handshakeIsTimedApartFromTheConnectAndEveryPhaseIsWithinTheTotal() {
    ProbeOutcome o = probe(good, certs.ca().trust());
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    Timings t = o.timings();
    assertThat(List.of(t.dnsMs(), t.connectMs(), t.tlsMs(), t.firstByteMs()))
        .allSatisfy(ms -> assertThat(ms).isNotNull().isBetween(0L, t.totalMs()));
    assertThat(t.dnsMs() + t.connectMs() + t.tlsMs() + t.firstByteMs()).isLessThanOrEqualTo(t.totalMs());
  }

  @Test
  void handshakeTheServerNeverAnswersIsTimeoutWithinTheDeadlineNotConnectTimeout() {
    RawServer silent = RawServer.silent(vertx);
    try {
      ProbeOutcome o = probe(httpProbe(certs.ca().trust()), silent.port(), Duration.ofMillis(500));
      assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.TIMEOUT);
      assertThat(o.message()).isEqualTo("TLS handshake did not complete within 500 ms");
      assertThat(o.timings().connectMs()).isNotNull();
      assertThat(o.timings().tlsMs()).isNull();
      // the deadline ended it, not a handshake timer (Netty's default is 10 s); slack for a loaded machine
      assertThat(o.timings().totalMs()).isBetween(500L, 5000L);
    } finally {
      silent.close();
    }
  }

  @Test
  void serverClosingDuringTheHandshakeIsTlsFailure() {
    RawServer closing = RawServer.closingOnFirstByte(vertx);
    try {
      ProbeOutcome o = probe(httpProbe(certs.ca().trust()), closing.port(), Duration.ofSeconds(15));
      assertThat(o.errorClass()).as(o.message()).isEqualTo(ErrorClass.TLS_FAILURE);
      assertThat(o.timings().connectMs()).isNotNull();
    } finally {
      closing.close();
    }
  }

  @Test
  void everyProbeDoesAFullHandshakeSoTheCertificateIsCheckedEachTime() {
    HttpProbe probe = httpProbe(certs.ca().trust());
    sessionsCreated.clear();
    for (int i = 0; i < 3; i++) {
      ProbeOutcome o = probe(probe, good.port(), Duration.ofSeconds(15));
      assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    }
    // a resumed session would carry the first one's creation time
    assertThat(sessionsCreated).hasSize(3).doesNotHaveDuplicates();
  }
}
