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
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard on (allowPrivateTargets = false). Every forbidden form gives ERROR and the test
 * proves no connection reached the listening sockets. 127.0.0.2 stands in for "the internet":
 * it is the one address the policy is told to allow, so a redirect from it can be tested.
 */
class HttpSsrfTest {
  static Vertx vertx;
  static TestDnsServer dns;
  static CountingServer internal;
  static CountingServer internal6;
  static CountingServer publicSite;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    internal = CountingServer.start(vertx, "127.0.0.1", req -> req.response().end("secret"));
    internal6 = CountingServer.start(vertx, "::1", req -> req.response().end("secret"));
    publicSite = CountingServer.start(vertx, "127.0.0.2", req -> req.response().setStatusCode(302)
        .putHeader("Location", "http://127.0.0.1:" + internal.port() + "/admin").end());
    dns = new TestDnsServer()
        .answer("rebound.test", InetAddress.getByName("127.0.0.1"))
        .answer("mixed.test", InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"))
        .answer("public.test", InetAddress.getByName("127.0.0.2"));
  }

  @AfterAll
  static void stop() {
    dns.close();
    Await.result(vertx.close());
  }

  static ProbeOutcome probe(String url) {
    ProbeSettings settings = new ProbeSettings(null, false, "downcheck-test", 5, List.of(dns.address()));
    AddressPolicy guarded = new AddressPolicy(false, Set.of(loopback2()));
    HttpProbe probe = new HttpProbe(vertx, settings, Resolvers.create(vertx, settings.dnsServers()), guarded, null,
        Clock.systemUTC());
    return Await.result(probe.run(new ProbeSpec(Target.parse(url, ProbeKind.HTTP), Expect.DEFAULT,
        Duration.ofSeconds(5))));
  }

  static InetAddress loopback2() {
    try {
      return InetAddress.getByName("127.0.0.2");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "http://127.0.0.1:PORT/",
      "http://2130706433:PORT/",
      "http://0x7f.1:PORT/",
      "http://0177.0.0.1:PORT/",
      "http://127.1:PORT/",
      "http://[::ffff:127.0.0.1]:PORT/",
      "http://[::ffff:7f00:1]:PORT/",
      "http://rebound.test:PORT/",
      "http://mixed.test:PORT/",
  })
  void forbiddenFormIsRefusedWithoutConnecting(String form) {
    int before = internal.connections();
    ProbeOutcome o = probe(form.replace("PORT", String.valueOf(internal.port())));
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.ERROR);
    assertThat(o.errorClass()).as("its own error class, not an impaired agent").isEqualTo(ErrorClass.TARGET_REFUSED);
    assertThat(o.message()).contains("refused by policy").contains("loopback");
    assertThat(internal.connections()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://localhost:PORT/", "http://LocalHost.:PORT/", "http://api.localhost:PORT/"})
  void localhostIsRefusedAsLoopbackWithoutAskingAnyResolver(String form) {
    int before = internal.connections();
    int queries = dns.queries();
    ProbeOutcome o = probe(form.replace("PORT", String.valueOf(internal.port())));
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.ERROR);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TARGET_REFUSED);
    assertThat(o.message()).contains("special-use name for loopback");
    assertThat(dns.queries()).as("never sent to a resolver").isEqualTo(queries);
    assertThat(internal.connections()).isEqualTo(before);
  }

  @Test
  void aRefusedNameSaysWhyButNotWhereItPoints() {
    ProbeOutcome o = probe("http://rebound.test:" + internal.port() + "/");
    assertThat(o.message()).isEqualTo("refused by policy: rebound.test resolves only to addresses that are not allowed: loopback");
    ProbeOutcome mixed = probe("http://mixed.test:" + internal.port() + "/");
    assertThat(mixed.message()).contains("mixed.test resolves to 1 of 2 addresses").doesNotContain("127.0.0.1");
  }

  @Test
  void ipv6LoopbackIsRefusedWithoutConnecting() {
    ProbeOutcome o = probe("http://[::1]:" + internal6.port() + "/");
    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(internal6.connections()).isZero();
  }

  @Test
  void redirectToAPrivateAddressIsRefusedAtThatHop() {
    int before = internal.connections();
    int publicBefore = publicSite.connections();
    ProbeOutcome o = probe("http://public.test:" + publicSite.port() + "/");
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.ERROR);
    assertThat(o.message()).contains("loopback");
    assertThat(o.finalUrl()).isEqualTo("http://127.0.0.1:" + internal.port() + "/admin");
    assertThat(publicSite.connections()).isEqualTo(publicBefore + 1);
    assertThat(internal.connections()).isEqualTo(before);
  }
}
