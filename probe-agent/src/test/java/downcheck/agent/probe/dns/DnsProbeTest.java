package downcheck.agent.probe.dns;

import downcheck.agent.resolve.Resolvers;
import downcheck.agent.resolve.TestDnsServer;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSpec;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against {@link TestDnsServer} on 127.0.0.1: no query leaves the machine. */
class DnsProbeTest {
  static Vertx vertx;
  static TestDnsServer dns;
  static DnsProbe probe;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    dns = new TestDnsServer()
        .answer("up.test", InetAddress.getByName("203.0.113.7"), InetAddress.getByName("2001:db8::7"))
        .servfail("broken.test")
        .silent("silent.test");
    probe = new DnsProbe(vertx, Resolvers.create(vertx, List.of(dns.address())));
  }

  @AfterAll
  static void stop() {
    dns.close();
    Await.result(vertx.close());
  }

  static ProbeOutcome run(String host, Duration timeout) {
    return Await.result(probe.run(new ProbeSpec(Target.parse("dns://" + host, ProbeKind.DNS), Expect.DEFAULT, timeout)));
  }

  @Test
  void resolvingNameIsUpWithItsAddresses() {
    ProbeOutcome o = run("up.test", Duration.ofSeconds(5));
    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.addresses()).containsExactly("203.0.113.7", "2001:db8:0:0:0:0:0:7");
    assertThat(o.timings().dnsMs()).isNotNull();
  }

  @Test
  void unknownNameIsNxdomain() {
    ProbeOutcome o = run("nowhere.test", Duration.ofSeconds(5));
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_NXDOMAIN);
    assertThat(o.message()).contains("NXDOMAIN");
  }

  @Test
  void servfailIsDnsFailure() {
    ProbeOutcome o = run("broken.test", Duration.ofSeconds(5));
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_FAILURE);
    assertThat(o.message()).contains("SERVFAIL");
  }

  @Test
  void silentResolverIsDnsFailureWithinTheDeadline() {
    ProbeOutcome o = run("silent.test", Duration.ofMillis(300));
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_FAILURE);
    assertThat(o.timings().totalMs()).isLessThan(3000);
  }

  @Test
  void numericHostNeedsNoResolver() {
    int before = dns.queries();
    ProbeOutcome o = run("2130706433", Duration.ofSeconds(5));
    assertThat(o.addresses()).containsExactly("127.0.0.1");
    assertThat(dns.queries()).isEqualTo(before);
  }
}
