package downcheck.agent.probe.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.CountingServer;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.UnacceptingServer;
import downcheck.agent.resolve.Resolvers;
import downcheck.agent.resolve.TestDnsServer;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpProbeTest {
  static Vertx vertx;
  static TestDnsServer dns;
  static CountingServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    dns = new TestDnsServer().answer("local.test", InetAddress.getByName("127.0.0.1"));
    server = CountingServer.start(vertx, "127.0.0.1", req -> req.response().end());
  }

  @AfterAll
  static void stop() {
    dns.close();
    Await.result(vertx.close());
  }

  static ProbeOutcome run(boolean allowPrivate, String target, Duration timeout) {
    ProbeSettings settings = new ProbeSettings(null, allowPrivate, "test", 5, List.of(dns.address()));
    TcpProbe probe = new TcpProbe(vertx, settings, Resolvers.create(vertx, settings.dnsServers()));
    return Await.result(probe.run(new ProbeSpec(Target.parse(target, ProbeKind.TCP), Expect.DEFAULT, timeout)));
  }

  @Test
  void listeningPortIsUpWithConnectTime() {
    ProbeOutcome o = run(true, "tcp://local.test:" + server.port(), Duration.ofSeconds(5));
    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.address()).isEqualTo("127.0.0.1");
    assertThat(o.timings().dnsMs()).isNotNull();
    assertThat(o.timings().connectMs()).isNotNull();
  }

  @Test
  void closedPortIsConnectRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(run(true, "tcp://127.0.0.1:" + port, Duration.ofSeconds(5)).errorClass())
        .isEqualTo(ErrorClass.CONNECT_REFUSED);
  }

  @Test
  void connectThatNeverCompletesIsConnectTimeout() throws Exception {
    try (UnacceptingServer full = new UnacceptingServer()) {
      ProbeOutcome o = run(true, "tcp://127.0.0.1:" + full.port(), Duration.ofMillis(500));
      assertThat(o.errorClass()).isEqualTo(ErrorClass.CONNECT_TIMEOUT);
      assertThat(o.message()).isNotBlank();
    }
  }

  @Test
  void unknownNameIsNxdomain() {
    assertThat(run(true, "tcp://nowhere.test:80", Duration.ofSeconds(5)).errorClass())
        .isEqualTo(ErrorClass.DNS_NXDOMAIN);
  }

  @Test
  void loopbackIsRefusedByPolicyWithoutConnecting() {
    int before = server.connections();
    ProbeOutcome byName = run(false, "tcp://local.test:" + server.port(), Duration.ofSeconds(5));
    ProbeOutcome byNumber = run(false, "tcp://2130706433:" + server.port(), Duration.ofSeconds(5));
    assertThat(List.of(byName.outcome(), byNumber.outcome())).containsOnly(Outcome.ERROR);
    assertThat(byName.message()).contains("loopback");
    assertThat(server.connections()).isEqualTo(before);
  }
}
