package downcheck.coordinator.monitor.webhook;

import downcheck.model.check.AddressPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Posts notifications as a hostile receiver cannot exploit (docs/monitors.md, "Delivery"): one
 * lookup per attempt, judged by the network's {@link AddressPolicy} and connected to as judged;
 * one deadline for the whole attempt; only the status line read, the connection then closed;
 * redirects never followed. An attempt keeps its request and one line of the answer, nothing more.
 */
public final class WebhookClient {
  static final String USER_AGENT = "downcheck-monitor";
  /** Netty's own handshake timer, a backstop only: the attempt's deadline decides first. */
  private static final long HANDSHAKE_BACKSTOP_MINUTES = 5;

  private final Vertx vertx;
  private final WebhookSettings settings;
  private final AddressPolicy policy;
  private final NetClient client;
  private final ClientSSLOptions tls;
  private final WebhookResolver resolver;

  public WebhookClient(Vertx vertx, WebhookSettings settings, AddressPolicy policy) {
    this(vertx, settings, policy, null, WebhookResolver.create(vertx, settings));
  }

  /**
   * @param trust    the certificates to trust; null = the JDK's (production). Hostname verification stays on.
   * @param resolver how names become addresses (tests answer names of their own)
   */
  WebhookClient(Vertx vertx, WebhookSettings settings, AddressPolicy policy, TrustOptions trust,
      WebhookResolver resolver) {
    this.vertx = vertx;
    this.settings = settings;
    this.policy = policy;
    this.client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) settings.timeout().toMillis()));
    this.tls = new ClientSSLOptions()
        .setHostnameVerificationAlgorithm("HTTPS") // the certificate must name the host of the URL
        .setSslHandshakeTimeout(HANDSHAKE_BACKSTOP_MINUTES)
        .setSslHandshakeTimeoutUnit(TimeUnit.MINUTES);
    if (trust != null) {
      tls.setTrustOptions(trust);
    }
    this.resolver = resolver;
  }

  /**
   * POSTs the body with these headers. Succeeds with the receiver's status, whatever it is (a 3xx
   * is not followed); fails with {@link WebhookRefusedException} when the address rule refuses the
   * receiver, or with a message saying how far the attempt got.
   */
  public Future<Integer> post(URI url, Map<String, String> headers, Buffer body) {
    byte[] request;
    try {
      request = WebhookPost.WebhookRequest.encode(url, USER_AGENT, headers, body);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return new WebhookPost(vertx, client, tls, resolver, policy, settings.timeout().toMillis(), url, request).start();
  }

  public void close() {
    resolver.close();
    client.close();
  }
}
