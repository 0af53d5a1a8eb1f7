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
import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeSettings;
import downcheck.model.check.AddressPolicy;
import downcheck.agent.run.Probes;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Clock;
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
        .answer("intranet.test", InetAddress.getByName("10.20.30.40"), InetAddress.getByName("192.168.7.9"),
            InetAddress.getByName("fd00::5"))
        .answer("mixed.test", InetAddress.getByName("203.0.113.7"), InetAddress.getByName("10.20.30.40"),
            InetAddress.getByName("fd00::5"))
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
    ProbeOutcome o = run("3405803783", Duration.ofSeconds(5));
    assertThat(o.addresses()).containsExactly("203.0.113.7");
    assertThat(dns.queries()).isEqualTo(before);
  }

  @Test
  void nameThatResolvesOnlyToPrivateAddressesIsRefusedWithoutNamingThem() {
    ProbeOutcome o = run("intranet.test", Duration.ofSeconds(5));
    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TARGET_REFUSED);
    assertThat(o.message()).contains("intranet.test resolves only to addresses that are not allowed", "private");
    assertThat(o.message()).doesNotContain("10.20.30.40", "192.168.7.9", "fd00");
    assertThat(o.addresses()).isEmpty();
  }

  @Test
  void privateAnswersAreWithheldAndCountedThePublicOnesPublished() {
    ProbeOutcome o = run("mixed.test", Duration.ofSeconds(5));
    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.addresses()).containsExactly("203.0.113.7");
    assertThat(o.message()).contains("2 of 3 addresses withheld").doesNotContain("10.20.30.40", "fd00");
  }

  @Test
  void withPrivateTargetsAllowedEveryAnswerIsPublished() {
    DnsProbe open = new DnsProbe(vertx, Resolvers.create(vertx, List.of(dns.address())), new AddressPolicy(true));
    ProbeOutcome o = Await.result(open.run(new ProbeSpec(Target.parse("dns://mixed.test", ProbeKind.DNS), Expect.DEFAULT,
        Duration.ofSeconds(5))));
    assertThat(o.addresses()).containsExactly("203.0.113.7", "10.20.30.40", "fd00:0:0:0:0:0:0:5");
    assertThat(o.message()).isNull();
  }

  @Test
  void theAgentsOwnResolverAddressIsNotInAnError() {
    // the test's resolver listens on loopback, an address the guard refuses, as a cluster's is private
    ProbeSettings guarded = new ProbeSettings(null, false, "downcheck-test", 5, List.of(dns.address()));
    Probe dnsKind = Probes.create(vertx, guarded, Resolvers.create(vertx, List.of(dns.address())), Clock.systemUTC())
        .forKind(ProbeKind.DNS);
    ProbeOutcome o = Await.result(dnsKind.run(new ProbeSpec(Target.parse("dns://nowhere.test", ProbeKind.DNS),
        Expect.DEFAULT, Duration.ofSeconds(5))));
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_NXDOMAIN);
    assertThat(o.message()).contains("NXDOMAIN from [private address]").doesNotContain("127.0.0.1");
  }
}
