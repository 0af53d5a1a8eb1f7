package downcheck.coordinator.monitor.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.check.AddressPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An https webhook is posted to the address its name was resolved to, while TLS keeps the name:
 * SNI says it, the certificate must name it, and the Host header carries it. Real TLS servers on
 * loopback with certificates from a test CA; the name resolves through the test's own resolver.
 */
class WebhookTlsTest {
  static Vertx vertx;
  static TestCertificates certs;
  static final List<String> lookups = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    certs = new TestCertificates();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** What a server saw of each request: the SNI name, the Host header and the body. */
  record Seen(String sni, String host, String body) {}

  static HttpServer server(TestCertificates.Issued cert, List<Seen> seen) throws Exception {
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setSni(true).setKeyCertOptions(cert.keyCert());
    return vertx.createHttpServer(options).requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(new Seen(req.connection().indicatedServerName(), req.getHeader("Host"), body.toString()));
      req.response().end();
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static WebhookClient client() {
    WebhookResolver loopback = new WebhookResolver() {
      @Override
      Future<List<InetAddress>> resolve(String host) {
        lookups.add(host);
        return Future.succeededFuture(List.of(InetAddress.getLoopbackAddress()));
      }
    };
    // a generous deadline: a loaded machine builds the first TLS contexts slowly
    WebhookSettings slow = new WebhookSettings(Duration.ofSeconds(60), 8, List.of(), java.util.Set.of());
    return new WebhookClient(vertx, slow, new AddressPolicy(true), certs.ca().trust(), loopback);
  }

  static Future<Integer> post(WebhookClient client, String url) {
    return client.post(URI.create(url), Map.of("Content-Type", "application/json"), Buffer.buffer("{}"));
  }

  @Test
  void theNameIsSentAsSniAndHostAndItsCertificateIsAccepted() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpServer server = server(certs.leaf("hook.test", Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400)),
        seen);
    WebhookClient client = client();
    int status = post(client, "https://hook.test:" + server.actualPort() + "/h").toCompletionStage()
        .toCompletableFuture().get(70, TimeUnit.SECONDS);
    assertThat(status).isEqualTo(200);
    assertThat(seen).containsExactly(new Seen("hook.test", "hook.test:" + server.actualPort(), "{}"));
    assertThat(lookups).contains("hook.test");
    client.close();
    server.close();
  }

  @Test
  void aCertificateForAnotherNameFailsTheAttemptAndNothingIsPosted() throws Exception {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpServer server = server(certs.leaf("other.test", Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400)),
        seen);
    WebhookClient client = client();
    Future<Integer> attempt = post(client, "https://hook.test:" + server.actualPort() + "/h");
    try {
      attempt.toCompletionStage().toCompletableFuture().get(70, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException expected) {
      // the certificate does not name hook.test
    }
    assertThat(attempt.failed()).as("attempt failed").isTrue();
    assertThat(seen).isEmpty();
    client.close();
    server.close();
  }
}
