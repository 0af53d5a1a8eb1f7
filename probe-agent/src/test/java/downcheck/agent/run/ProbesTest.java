package downcheck.agent.run;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.CountingServer;
import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.resolve.TestDnsServer;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import downcheck.agent.probe.dns.DnsProbe;
import downcheck.agent.probe.http.HttpProbe;
import downcheck.agent.probe.tcp.TcpProbe;

/** The registry as the agent builds it, settings only; DNS goes to the test's own server. */
class ProbesTest {
  static Vertx vertx;
  static TestDnsServer dns;
  static CountingServer server;
  static Probes probes;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    dns = new TestDnsServer().answer("xn--bcher-kva.test", InetAddress.getByName("127.0.0.1"));
    server = CountingServer.start(vertx, "127.0.0.1", req -> req.response().end("host=" + req.authority()));
    probes = Probes.create(vertx, new ProbeSettings(null, true, "downcheck-test", 5, List.of(dns.address())));
  }

  @AfterAll
  static void stop() {
    dns.close();
    Await.result(vertx.close());
  }

  static ProbeOutcome run(String target, Expect expect) {
    Target t = Target.parse(target, null);
    return Await.result(probes.forKind(t.kind()).run(new ProbeSpec(t, expect, Duration.ofSeconds(5))));
  }

  /**
   * Every kind the API accepts has a probe of its own, whose messages are scrubbed of refused
   * addresses, and it measures what that kind promises.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = ProbeKind.class, names = {"HTTP", "TCP", "DNS"})
  void everyKindIsProbedByItsOwnProbeAndMeasuresWhatThatKindPromises(ProbeKind kind) {
    int port = server.port();
    assertThat(probes.forKind(kind)).as("every kind's messages are scrubbed").isInstanceOf(ScrubbedProbe.class);
    Probe probe = ((ScrubbedProbe) probes.forKind(kind)).inner();
    String target = switch (kind) {
      case HTTP -> "http://xn--bcher-kva.test:" + port + "/";
      case TCP -> "tcp://xn--bcher-kva.test:" + port;
      case DNS -> "dns://xn--bcher-kva.test";
      default -> throw new AssertionError("no target for " + kind);
    };
    ProbeOutcome outcome = run(target, Expect.DEFAULT);

    assertThat(outcome.outcome()).as(outcome.message()).isEqualTo(Outcome.UP);
    switch (kind) {
      case HTTP -> {
        assertThat(probe).isInstanceOf(HttpProbe.class);
        assertThat(outcome.httpStatus()).isEqualTo(200);
        assertThat(outcome.timings().firstByteMs()).isNotNull();
      }
      case TCP -> {
        assertThat(probe).isInstanceOf(TcpProbe.class);
        assertThat(outcome.httpStatus()).as("a TCP probe speaks no HTTP").isNull();
        assertThat(outcome.timings().connectMs()).isNotNull();
      }
      case DNS -> {
        assertThat(probe).isInstanceOf(DnsProbe.class);
        assertThat(outcome.addresses()).containsExactly("127.0.0.1");
        assertThat(outcome.timings().connectMs()).as("a DNS probe dials nothing").isNull();
      }
    }
  }

  @Test
  void internationalisedNameIsResolvedAsPunycode() {
    assertThat(run("dns://bücher.test", Expect.DEFAULT).addresses()).containsExactly("127.0.0.1");
  }

  /*
   * With a port, Target.parse("http://bücher.test:8080/") loses the port (java.net.URI reads a
   * non-ASCII authority as registry-based; getPort() is -1), so the Unicode form is tested
   * without one above and the HTTP/TCP probes with the punycode the parser would produce.
   */
  @Test
  void punycodeNameIsSentInTheHostHeaderAndConnected() {
    int port = server.port();
    ProbeOutcome http = run("http://xn--bcher-kva.test:" + port + "/",
        new Expect(List.of(), "host=xn--bcher-kva.test:" + port));
    assertThat(http.outcome()).as(http.message()).isEqualTo(Outcome.UP);
    assertThat(run("tcp://xn--bcher-kva.test:" + port, Expect.DEFAULT).outcome()).isEqualTo(Outcome.UP);
  }
}
