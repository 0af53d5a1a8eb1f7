package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.dns.BlockingSystemResolver;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpProbeTest {
  static Vertx vertx;
  static HttpServer server;
  static final Set<String> remoteHosts = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startServer() {
    vertx = Vertx.vertx();
    server = Await.result(vertx.createHttpServer().requestHandler(req -> {
      remoteHosts.add(req.remoteAddress().hostAddress());
      switch (req.path()) {
        case "/close" -> req.connection().close();
        case "/503" -> req.response().setStatusCode(503).putHeader("Retry-After", "120").end("maintenance");
        default -> req.response().end("hello " + req.headers().get("User-Agent"));
      }
    }).listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  static ProbeOutcome probe(ProbeSettings settings, String url) {
    HttpProbe probe = new HttpProbe(vertx, settings, new BlockingSystemResolver(vertx), Clock.systemUTC());
    return Await.result(probe.run(new ProbeSpec(Target.parse(url, ProbeKind.HTTP), Expect.DEFAULT, Duration.ofSeconds(5))));
  }

  static ProbeSettings privateAllowed() {
    return ProbeSettings.forRegion("test", null, true);
  }

  static String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Test
  void answeringServerIsUp() {
    ProbeOutcome o = probe(privateAllowed(), base() + "/");
    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.httpStatus()).isEqualTo(200);
    assertThat(o.address()).isEqualTo("127.0.0.1");
    assertThat(o.timings().totalMs()).isNotNull();
    assertThat(o.finalUrl()).isEqualTo(base() + "/");
  }

  @Test
  void closedPortIsConnectRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProbeOutcome o = probe(privateAllowed(), "http://127.0.0.1:" + port + "/");
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.CONNECT_REFUSED);
    assertThat(o.message()).containsIgnoringCase("refused");
  }

  @Test
  void serverClosingOnRequestIsConnectionReset() {
    ProbeOutcome o = probe(privateAllowed(), base() + "/close");
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.CONNECTION_RESET);
    assertThat(o.message()).isNotBlank();
  }

  @Test
  void serviceUnavailableIsHttp5xxWithRetryAfter() {
    ProbeOutcome o = probe(privateAllowed(), base() + "/503");
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.HTTP_5XX);
    assertThat(o.httpStatus()).isEqualTo(503);
    assertThat(o.retryAfter()).isEqualTo("120");
  }

  @Test
  void outgoingConnectionsBindToTheSourceAddress() {
    ProbeOutcome a = probe(ProbeSettings.forRegion("a", "127.0.0.2", true), base() + "/");
    ProbeOutcome b = probe(ProbeSettings.forRegion("b", "127.0.0.3", true), base() + "/");
    assertThat(List.of(a.outcome(), b.outcome())).containsOnly(Outcome.UP);
    assertThat(remoteHosts).contains("127.0.0.2", "127.0.0.3");
  }
}
