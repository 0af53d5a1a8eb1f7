package downcheck.coordinator.monitor;

import downcheck.coordinator.monitor.webhook.WebhookClient;
import downcheck.coordinator.monitor.webhook.WebhookRefusedException;
import downcheck.coordinator.telemetry.MonitorMetrics;
import downcheck.model.monitor.Change;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.wire.Codec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one change to each of a monitor's channels: a webhook gets the JSON of docs/api.md,
 * signed ({@code X-Downcheck-Signature: sha256=<hex HMAC of the raw body>}) when it has a secret;
 * a Slack channel gets {@code {"text": …}}. Each failed attempt is retried with a doubling wait,
 * a bounded number of times; every attempt goes to the delivery log; the delivery id is the same
 * on each. Each attempt is a {@link WebhookClient} post (one deadline, the status line only, no
 * redirects, the address judged is the address connected to); at most {@code --webhook-max-in-flight}
 * deliveries are under way at once, and a change past that waits in its monitor's outbox.
 */
final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final long MAX_BACKOFF_MS = 60_000;

  private final Vertx vertx;
  private final WebhookClient client;
  private final DeliveryLog log;
  private final MonitorMetrics metrics;
  private final MonitorSettings settings;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();

  Notifier(Vertx vertx, DeliveryLog log, MonitorMetrics metrics, MonitorSettings settings, Clock clock) {
    this.vertx = vertx;
    this.client = new WebhookClient(vertx, settings.webhooks(), settings.webhookPolicy());
    this.log = log;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
  }

  void close() {
    client.close();
  }

  /**
   * Every channel told (or given up on); never fails. Empty when {@code --webhook-max-in-flight}
   * deliveries are under way: nothing is started, and the change stays in the outbox for a later look.
   */
  Optional<Future<Void>> tryDeliver(MonitorSpec spec, Change change, MonitorView monitor) {
    if (inFlight.incrementAndGet() > settings.webhooks().maxInFlight()) {
      inFlight.decrementAndGet();
      return Optional.empty();
    }
    return Optional.of(deliver(spec, change, monitor).onComplete(ar -> inFlight.decrementAndGet()));
  }

  private Future<Void> deliver(MonitorSpec spec, Change change, MonitorView monitor) {
    String deliveryId = change.deliveryId(spec.id());
    Buffer slackBody = Buffer.buffer(Codec.toJson(Map.of("text", text(spec, change))));
    List<Future<Void>> all = new ArrayList<>();
    for (Channel channel : spec.channels()) {
      // each receiver sees its own channel only, redacted: never another channel's URL (a credential)
      Buffer body = Channel.SLACK.equals(channel.type()) ? slackBody : webhookBody(change, deliveryId,
          monitor.toldTo(channel));
      Promise<Void> done = Promise.promise();
      attempt(spec, change, deliveryId, channel, body, 1, done);
      all.add(done.future());
    }
    return Future.join(all).mapEmpty();
  }

  private static Buffer webhookBody(Change change, String deliveryId, MonitorView monitor) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event", change.event());
    payload.put("deliveryId", deliveryId);
    payload.put("monitor", monitor);
    payload.put("incident", change.incident());
    payload.put("check", change.check());
    if (change.certificate() != null) {
      Map<String, Object> cert = new LinkedHashMap<>();
      cert.put("daysLeft", change.certificate().daysLeft());
      cert.put("regions", change.certificate().regions());
      payload.put("certificate", cert);
    }
    return Buffer.buffer(Codec.toJson(payload));
  }

  /** The one sentence a person reads, e.g. "shop (https://shop.example/) is down for everyone: …". */
  static String text(MonitorSpec spec, Change change) {
    String who = MonitorView.title(spec) + (spec.name() == null ? "" : " (" + spec.target() + ")");
    String why = change.check() == null || change.check().summary() == null ? "" : ": " + change.check().summary();
    return switch (change.event()) {
      case Change.DOWN -> who + " is down for everyone" + why;
      case Change.REGIONAL -> who + " is down in " + String.join(", ", change.incident() == null ? List.of()
          : change.incident().regions()) + why;
      case Change.DEGRADED -> who + " is slow" + why;
      case Change.CERTIFICATE_EXPIRING -> who + ": its TLS certificate expires in " + change.certificate().daysLeft()
          + " days (seen from " + String.join(", ", change.certificate().regions()) + ")";
      default -> who + " is back up" + why;
    };
  }

  private void attempt(MonitorSpec spec, Change change, String deliveryId, Channel channel, Buffer body, int n,
      Promise<Void> done) {
    post(channel, change, deliveryId, body).onComplete(ar -> {
      Integer status = ar.succeeded() ? ar.result() : null;
      boolean ok = status != null && status / 100 == 2;
      String error = ok ? null : ar.failed() ? shown(String.valueOf(ar.cause().getMessage()), channel)
          : status / 100 == 3 ? "HTTP " + status + ": redirects are not followed" : "HTTP " + status;
      boolean refused = ar.failed() && ar.cause() instanceof WebhookRefusedException;
      log.add(spec.id(), new DeliveryLog.Attempt(deliveryId, change.incident() == null ? null : change.incident().id(),
          change.event(), channel.type(), n, clock.instant(), status, refused ? "refused: " + error : error));
      if (ok) {
        metrics.notification(channel.type(), "delivered");
        LOG.info("monitor {} {} {} delivered to {} (attempt {})", spec.id(), change.event(), deliveryId, channel.type(), n);
        done.complete();
      } else if (n < settings.deliveryAttempts() && !refused) {
        metrics.notification(channel.type(), "failed");
        long wait = Math.min(MAX_BACKOFF_MS, settings.backoffMs() << Math.min(n - 1, 20));
        vertx.setTimer(wait, t -> attempt(spec, change, deliveryId, channel, body, n + 1, done));
      } else {
        metrics.notification(channel.type(), "abandoned");
        LOG.warn("monitor {} {} {} not delivered to {} after {} attempts: {}", spec.id(), change.event(), deliveryId,
            channel.type(), n, error);
        done.complete();
      }
    });
  }

  private Future<Integer> post(Channel channel, Change change, String deliveryId, Buffer body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Downcheck-Event", change.event());
    headers.put("X-Downcheck-Delivery", deliveryId);
    if (channel.secret() != null) {
      headers.put("X-Downcheck-Signature", "sha256=" + sign(channel.secret(), body.getBytes()));
    }
    try {
      return client.post(URI.create(channel.url()), headers, body);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e); // a URL stored before its rules tightened
    }
  }

  /** An error's text as the delivery log shows it: the channel's URL, should the text hold it, redacted. */
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
