package downcheck.coordinator.monitor;

import downcheck.coordinator.monitor.webhook.WebhookClient;
import downcheck.coordinator.monitor.webhook.WebhookRefusedException;
import downcheck.model.monitor.Channel;
import downcheck.model.wire.Codec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One notice to one channel, attempted until the receiver takes it or it is given up: the one path
 * of every notification, a monitor's and the operator's (docs/monitors.md, "Delivery"). A webhook
 * gets the notice's JSON, signed ({@code X-Downcheck-Signature: sha256=<hex HMAC of the raw body>})
 * when it has a secret; a Slack channel gets {@code {"text": <summary>}}. A failed attempt is
 * retried with a doubling wait, at most {@code --monitor-delivery-attempts} in all; the delivery id
 * is the same on each. Each attempt is a {@link WebhookClient} post (one deadline, the status line
 * only, no redirects, the address judged is the address connected to).
 */
public final class ChannelDelivery {
  private static final long MAX_BACKOFF_MS = 60_000;

  /**
   * What is told.
   *
   * @param summary the one sentence a person reads (Slack's text)
   * @param payload what a webhook gets, as JSON
   */
  public record Notice(String event, String deliveryId, String summary, Object payload) {}

  /** How one attempt ended: {@code delivered}, {@code failed} (to be retried) or {@code abandoned}. */
  public enum Outcome {
    DELIVERED, FAILED, ABANDONED;

    /** As the metrics' {@code outcome} label shows it. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One attempt, for the caller's log and counts.
   *
   * @param status  the receiver's HTTP status, or null when none answered
   * @param error   why it failed (the channel's URL redacted), or null
   * @param refused the address rules refused the receiver: not retried
   */
  public record Attempt(Channel channel, int attempt, Instant at, Integer status, String error, boolean refused,
      Outcome outcome) {}

  private final Vertx vertx;
  private final WebhookClient client;
  private final int attempts;
  private final long backoffMs;
  private final Clock clock;

  ChannelDelivery(Vertx vertx, MonitorSettings settings, Clock clock) {
    this.vertx = vertx;
    this.client = new WebhookClient(vertx, settings.webhooks(), settings.webhookPolicy());
    this.attempts = settings.deliveryAttempts();
    this.backoffMs = settings.backoffMs();
    this.clock = clock;
  }

  void close() {
    client.close();
  }

  /** Delivered or given up (never fails); {@code onAttempt} is told of every attempt, on the caller's context. */
  public Future<Void> deliver(Channel channel, Notice notice, Consumer<Attempt> onAttempt) {
    Buffer body = Buffer.buffer(Codec.toJson(Channel.SLACK.equals(channel.type())
        ? Map.of("text", notice.summary()) : notice.payload()));
    Promise<Void> done = Promise.promise();
    attempt(channel, notice, body, 1, onAttempt, done);
    return done.future();
  }

  private void attempt(Channel channel, Notice notice, Buffer body, int n, Consumer<Attempt> onAttempt,
      Promise<Void> done) {
    post(channel, notice, body).onComplete(ar -> {
      Integer status = ar.succeeded() ? ar.result() : null;
      boolean ok = status != null && status / 100 == 2;
      String error = ok ? null : ar.failed() ? shown(String.valueOf(ar.cause().getMessage()), channel)
          : status / 100 == 3 ? "HTTP " + status + ": redirects are not followed" : "HTTP " + status;
      boolean refused = ar.failed() && ar.cause() instanceof WebhookRefusedException;
      Outcome outcome = ok ? Outcome.DELIVERED : n < attempts && !refused ? Outcome.FAILED : Outcome.ABANDONED;
      onAttempt.accept(new Attempt(channel, n, clock.instant(), status, error, refused, outcome));
      if (outcome == Outcome.FAILED) {
        long wait = Math.min(MAX_BACKOFF_MS, backoffMs << Math.min(n - 1, 20));
        vertx.setTimer(wait, t -> attempt(channel, notice, body, n + 1, onAttempt, done));
      } else {
        done.complete();
      }
    });
  }

  private Future<Integer> post(Channel channel, Notice notice, Buffer body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Downcheck-Event", notice.event());
    headers.put("X-Downcheck-Delivery", notice.deliveryId());
    if (channel.secret() != null) {
      headers.put("X-Downcheck-Signature", "sha256=" + sign(channel.secret(), body.getBytes()));
    }
    try {
      return client.post(URI.create(channel.url()), headers, body);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e); // a URL stored before its rules tightened
    }
  }

  /** An error's text as a log shows it: the channel's URL, should the text hold it, redacted. */
  static String shown(String error, Channel channel) {
    return channel.url() == null ? error : error.replace(channel.url(), Channel.redact(channel.url()));
  }

  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
