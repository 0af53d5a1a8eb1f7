package downcheck.coordinator.monitor.webhook;

import downcheck.model.check.AddressPolicy;
import downcheck.model.check.HostLiteral;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One delivery attempt: resolve the host once, judge every address with the network's
 * {@link AddressPolicy}, connect to the first (the very address judged: no second lookup), upgrade
 * to TLS for https (SNI and certificate check keep the name), send the POST, read the status line
 * and close. The answer's headers and body are never read, redirects never followed, and the whole
 * attempt has one deadline. Runs on one Vert.x context, so its fields need no locking.
 */
final class WebhookPost {
  private final Vertx vertx;
  private final NetClient client;
  private final ClientSSLOptions tls;
  private final WebhookResolver resolver;
  private final AddressPolicy policy;
  private final long timeoutMs;
  private final URI url;
  private final byte[] request;
  private final Promise<Integer> result = Promise.promise();
  private final long started = System.nanoTime();
  private final StatusLine status = new StatusLine();

  private String step = "resolving";
  private long deadlineTimer = -1;
  private boolean done;
  private NetSocket socket;

  WebhookPost(Vertx vertx, NetClient client, ClientSSLOptions tls, WebhookResolver resolver, AddressPolicy policy,
      long timeoutMs, URI url, byte[] request) {
    this.vertx = vertx;
    this.client = client;
    this.tls = tls;
    this.resolver = resolver;
    this.policy = policy;
    this.timeoutMs = timeoutMs;
    this.url = url;
    this.request = request;
  }

  /** The receiver's final status; fails with {@link WebhookRefusedException} or an error saying where it stopped. */
  Future<Integer> start() {
    vertx.getOrCreateContext().runOnContext(v -> {
      deadlineTimer = vertx.setTimer(timeoutMs, t -> fail(new IllegalStateException("no answer within "
          + timeoutMs + " ms (" + step + ")")));
      Future<List<InetAddress>> addresses;
      try {
        addresses = addresses();
      } catch (IllegalArgumentException e) {
        addresses = Future.failedFuture(e); // a malformed numeric host
      }
      addresses.onComplete(ar -> {
        if (ar.failed()) {
          fail(ar.cause());
        } else if (!done) {
          judged(ar.result());
        }
      });
    });
    return result.future();
  }

  private Future<List<InetAddress>> addresses() {
    String host = url.getHost();
    Optional<String> named = policy.refusal(host);
    if (named.isPresent()) {
      return Future.failedFuture(new WebhookRefusedException(named.get()));
    }
    Optional<InetAddress> literal = HostLiteral.parse(host);
    return literal.isPresent() ? Future.succeededFuture(List.of(literal.get())) : resolver.resolve(host);
  }

  private void judged(List<InetAddress> addresses) {
    Optional<String> refusal = policy.refusal(url.getHost(), addresses);
    if (refusal.isPresent()) {
      fail(new WebhookRefusedException(refusal.get()));
      return;
    }
    InetAddress ip = addresses.get(0);
    step = "connecting to " + ip.getHostAddress();
    ConnectOptions options = new ConnectOptions().setRemoteAddress(remoteAddress(ip))
        .setTimeout((int) Math.max(1, timeoutMs - elapsedMs()));
    client.connect(options).onComplete(ar -> {
      if (done) {
        if (ar.succeeded()) {
          ar.result().close(); // connected after the deadline: no longer ours
        }
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      socket = ar.result();
      socket.exceptionHandler(this::fail);
      if ("https".equalsIgnoreCase(url.getScheme())) {
        handshake();
      } else {
        send();
      }
    });
  }

  /**
   * The judged address carrying the name: the connection goes to the address, while the TLS engine
   * takes the name as its peer, so the JDK sends it as SNI and checks the certificate against it.
   */
  private SocketAddress remoteAddress(InetAddress ip) {
    String host = url.getHost();
    try {
      InetAddress peer = HostLiteral.parse(host).isPresent() ? ip : InetAddress.getByAddress(host, ip.getAddress());
      return SocketAddress.inetSocketAddress(new InetSocketAddress(peer, WebhookRequest.port(url)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of a resolved name has a bad length: " + ip, e);
    }
  }

  private void handshake() {
    step = "TLS handshake";
    // no server name: a per-name one makes Vert.x cache a TLS context per name, without bound;
    // the JDK derives SNI from the peer name set in remoteAddress
    socket.upgradeToSsl(tls, (String) null).onComplete(ar -> {
      if (ar.failed()) {
        fail(ar.cause());
      } else if (!done) {
        send();
      }
    });
  }

  private void send() {
    step = "waiting for the status line";
    socket.handler(this::onData);
    socket.endHandler(v -> fail(new IllegalStateException("connection closed before a status line ("
        + status.read() + " bytes received)")));
    socket.write(Buffer.buffer(request)).onFailure(this::fail);
  }

  private void onData(Buffer chunk) {
    if (done) {
      return;
    }
    int code;
    try {
      code = status.feed(chunk);
    } catch (IllegalStateException e) {
      fail(e);
      return;
    }
    if (code >= 0) {
      finish();
      result.complete(code);
    }
  }

  private void fail(Throwable failure) {
    if (done) {
      return;
    }
    finish();
    String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    result.fail(failure instanceof WebhookRefusedException ? failure
        : new IllegalStateException(message.length() > 300 ? message.substring(0, 300) + "…" : message, failure));
  }

  /** Done: the timer off and the connection closed, whatever the receiver still sends. */
  private void finish() {
    done = true;
    vertx.cancelTimer(deadlineTimer);
    if (socket != null) {
      NetSocket s = socket;
      socket = null;
      s.handler(null);
      s.endHandler(null);
      s.exceptionHandler(null);
      s.close();
    }
  }

  private long elapsedMs() {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** The request bytes for {@link WebhookPost}: a {@code POST} over HTTP/1.1 that closes after one answer. */
  static final class WebhookRequest {
    private WebhookRequest() {}

    static int port(URI url) {
      return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /**
     * @param headers more header fields (name to value), after Host, User-Agent, Content-Length and Connection
     * @throws IllegalArgumentException when a field would carry control characters
     */
    static byte[] encode(URI url, String userAgent, Map<String, String> headers, Buffer body) {
      URI ascii = URI.create(url.toASCIIString());
      String path = (ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath())
          + (ascii.getRawQuery() == null ? "" : "?" + ascii.getRawQuery());
      int port = port(url);
      String host = url.getHost() + (url.getPort() < 0 || port == ("https".equalsIgnoreCase(url.getScheme()) ? 443 : 80)
          ? "" : ":" + port);
      StringBuilder head = new StringBuilder("POST ").append(safe(path)).append(" HTTP/1.1\r\n")
          .append("Host: ").append(safe(host)).append("\r\n")
          .append("User-Agent: ").append(safe(userAgent)).append("\r\n")
          .append("Content-Length: ").append(body.length()).append("\r\n")
          .append("Connection: close\r\n");
      headers.forEach((name, value) -> head.append(safe(name)).append(": ").append(safe(value)).append("\r\n"));
      head.append("\r\n");
      Buffer out = Buffer.buffer(head.length() + body.length());
      out.appendBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1)).appendBuffer(body);
      return out.getBytes();
    }

    private static String safe(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c <= 0x20 && c != ' ' || c == 0x7f || c > 0x7e) {
          throw new IllegalArgumentException("a control or non-ASCII character in the request: '"
              + s.replaceAll("[^\\x21-\\x7e]", "?") + "'");
        }
      }
      return s;
    }
  }
}
