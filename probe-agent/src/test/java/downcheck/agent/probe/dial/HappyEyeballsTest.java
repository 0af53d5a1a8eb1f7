package downcheck.agent.probe.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.CountingServer;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.UnacceptingServer;
import downcheck.agent.probe.http.HttpProbe;
import downcheck.agent.probe.tcp.TcpProbe;
import downcheck.agent.resolve.Resolver;
import downcheck.model.check.CheckOptions;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.AddressTry;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names with several addresses, as a browser dials them: a resolver of the test's own answers a
 * fixed list (127.0.0.2 and 127.0.0.3 are loopback too, where nothing listens unless the test
 * puts a server there).
 */
class HappyEyeballsTest {
  static Vertx vertx;
  static CountingServer server; // on 127.0.0.1

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = CountingServer.start(vertx, "127.0.0.1", req -> req.response().end("ok"));
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  static Resolver answering(String... addresses) {
    return host -> {
      try {
        List<InetAddress> out = new java.util.ArrayList<>();
        for (String a : addresses) {
          out.add(InetAddress.getByName(a));
        }
        return Future.succeededFuture(out);
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    };
  }

  static final ProbeSettings SETTINGS = new ProbeSettings(null, true, "downcheck-test", 5, List.of());

  static ProbeOutcome tcp(Resolver resolver, int port, Integer ipVersion) {
    TcpProbe probe = new TcpProbe(vertx, SETTINGS, resolver);
    return Await.result(probe.run(spec("tcp://multi.test:" + port, ProbeKind.TCP, ipVersion)));
  }

  static ProbeOutcome http(Resolver resolver, int port, Integer ipVersion) {
    HttpProbe probe = new HttpProbe(vertx, SETTINGS, resolver, Clock.systemUTC());
    return Await.result(probe.run(spec("http://multi.test:" + port + "/", ProbeKind.HTTP, ipVersion)));
  }

  static ProbeSpec spec(String target, ProbeKind kind, Integer ipVersion) {
    return new ProbeSpec(Target.parse(target, kind), Expect.DEFAULT, Duration.ofSeconds(5),
        new CheckOptions(null, ipVersion, null, null, null));
  }

  @Test
  void aNameWhoseFirstAddressRefusesIsUpThroughTheSecondWithTheRefusalListed() {
    for (ProbeOutcome o : List.of(tcp(answering("127.0.0.2", "127.0.0.1"), server.port(), null),
        http(answering("127.0.0.2", "127.0.0.1"), server.port(), null))) {
      assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
      assertThat(o.address()).isEqualTo("127.0.0.1");
      assertThat(o.addressesTried()).extracting(AddressTry::address, AddressTry::outcome, AddressTry::errorClass)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("127.0.0.2", Outcome.DOWN, ErrorClass.CONNECT_REFUSED),
              org.assertj.core.groups.Tuple.tuple("127.0.0.1", Outcome.UP, null));
      assertThat(o.addressesTried()).allSatisfy(t -> assertThat(t.connectMs()).isNotNull());
      // a refusal starts the next address at once, without the 250 ms attempt delay
      assertThat(o.timings().totalMs()).isLessThan(HappyEyeballs.ATTEMPT_DELAY_MS);
    }
  }

  @Test
  void everyAddressRefusingIsConnectRefusedWithEachListed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProbeOutcome o = tcp(answering("127.0.0.2", "127.0.0.3"), port, null);
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.CONNECT_REFUSED);
    assertThat(o.addressesTried()).extracting(AddressTry::address).containsExactly("127.0.0.2", "127.0.0.3");
    assertThat(o.addressesTried()).extracting(AddressTry::errorClass).containsOnly(ErrorClass.CONNECT_REFUSED);
  }

  @Test
  void aHangingFirstAddressHandsOverToTheSecondAfterTheAttemptDelay() throws Exception {
    try (UnacceptingServer hanging = new UnacceptingServer()) { // on 127.0.0.1
      CountingServer second = CountingServer.start(vertx, new HttpServerOptions(), "127.0.0.2", hanging.port(),
          req -> req.response().end("ok"));
      try {
        for (ProbeOutcome o : List.of(tcp(answering("127.0.0.1", "127.0.0.2"), hanging.port(), null),
            http(answering("127.0.0.1", "127.0.0.2"), hanging.port(), null))) {
          assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
          assertThat(o.address()).isEqualTo("127.0.0.2");
          List<AddressTry> tried = o.addressesTried();
          assertThat(tried).extracting(AddressTry::address).containsExactly("127.0.0.1", "127.0.0.2");
          assertThat(tried.get(0).errorClass()).isEqualTo(ErrorClass.CONNECT_TIMEOUT);
          // the first was given the attempt delay before the second started, and no more than the second needed
          assertThat(tried.get(0).connectMs()).isGreaterThanOrEqualTo(HappyEyeballs.ATTEMPT_DELAY_MS);
          assertThat(tried.get(1).outcome()).isEqualTo(Outcome.UP);
          // far from the 5 s deadline: the hanging address did not hold the probe
          assertThat(o.timings().totalMs()).isLessThan(3000);
        }
      } finally {
        second.close();
      }
    }
  }

  @Test
  void ipVersion6DialsOnlyTheIpv6AddressEvenWhenIpv4WouldAnswer() {
    assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
    CountingServer v6 = CountingServer.start(vertx, "::1", req -> req.response().end("ok"));
    CountingServer v4 = CountingServer.start(vertx, new HttpServerOptions(), "127.0.0.1", v6.port(),
        req -> req.response().end("ok"));
    try {
      Resolver both = answering("127.0.0.1", "::1");
      for (ProbeOutcome o : List.of(tcp(both, v6.port(), 6), http(both, v6.port(), 6))) {
        assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
        assertThat(o.address()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(o.addressesTried()).extracting(AddressTry::address).containsExactly("0:0:0:0:0:0:0:1");
      }
      ProbeOutcome v4Only = tcp(both, v6.port(), 4);
      assertThat(v4Only.address()).isEqualTo("127.0.0.1");
    } finally {
      v6.close();
      v4.close();
    }
  }

  @Test
  void ipVersion6OfANameWithOnlyIpv4AddressesIsDownSayingSo() {
    for (ProbeOutcome o : List.of(tcp(answering("127.0.0.1"), server.port(), 6),
        http(answering("127.0.0.1"), server.port(), 6))) {
      assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
      assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_FAILURE);
      assertThat(o.message()).contains("no IPv6 address");
      assertThat(o.addressesTried()).isEmpty();
    }
  }

  private static boolean ipv6Loopback() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
