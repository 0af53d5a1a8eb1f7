package downcheck.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP server on a free loopback port playing a webhook receiver: it keeps every request
 * (headers and raw body) and answers the statuses it was told to, in order, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received, and when (its body read). */
  public record Received(String path, Map<String, String> headers, String body, int answered, Instant at) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();

  public WebhookReceiver(Vertx vertx, Integer... firstAnswers) {
    answers.addAll(List.of(firstAnswers));
    this.server = Wait.on(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Integer status = answers.poll();
      int answer = status == null ? 200 : status;
      Map<String, String> headers = new java.util.HashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
      received.add(new Received(req.path(), headers, body.toString(StandardCharsets.UTF_8), answer,
          Instant.now()));
      req.response().setStatusCode(answer).end();
    })).listen(0, "127.0.0.1"));
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Every request so far, oldest first. */
  public List<Received> all() {
    return new ArrayList<>(received);
  }

  /** The requests to {@code path} that were answered 2xx, oldest first. */
  public List<Received> accepted(String path) {
    return received.stream().filter(r -> r.path().equals(path) && r.answered() / 100 == 2).toList();
  }

  /** Whether the body carries a valid {@code X-Downcheck-Signature} for this secret, as a receiver would check it. */
  public static boolean signedWith(Received r, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(r.body().getBytes(StandardCharsets.UTF_8)));
      return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
          String.valueOf(r.header("X-Downcheck-Signature")).getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    Wait.on(server.close());
  }
}
