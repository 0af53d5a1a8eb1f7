package downcheck.coordinator.monitor;

import downcheck.coordinator.monitor.channel.Alert;
import downcheck.coordinator.monitor.channel.Channels;
import downcheck.coordinator.monitor.webhook.WebhookRefusedException;
import downcheck.model.monitor.Channel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One alert to one channel, attempted until the receiver takes it or it is given up: the one path
 * of every notification, a monitor's and the operator's (docs/monitors.md, "Delivery"). Each
 * attempt is one {@link Channels#send} (the channel's format, the address rules, one deadline, the
 * status line only, no redirects). A failed attempt is retried with a doubling wait, at most
 * {@code --monitor-delivery-attempts} in all; the delivery id is the same on each; a receiver the
 * address rules refuse is not retried.
 */
public final class ChannelDelivery {
  private static final long MAX_BACKOFF_MS = 60_000;

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
   * @param status  the receiver's status (HTTP, or 250 for an email the SMTP server took), or null when none answered
   * @param error   why it failed (the channel's secrets redacted), or null
   * @param refused the address rules refused the receiver: not retried
   */
  public record Attempt(Channel channel, int attempt, Instant at, Integer status, String error, boolean refused,
      Outcome outcome) {}

  private final Vertx vertx;
  private final Channels channels;
  private final int attempts;
  private final long backoffMs;
  private final Clock clock;

  ChannelDelivery(Vertx vertx, Channels channels, MonitorSettings settings, Clock clock) {
    this.vertx = vertx;
    this.channels = channels;
    this.attempts = settings.deliveryAttempts();
    this.backoffMs = settings.backoffMs();
    this.clock = clock;
  }

  /** Delivered or given up (never fails); {@code onAttempt} is told of every attempt, on the caller's context. */
  public Future<Void> deliver(Channel channel, Alert alert, Consumer<Attempt> onAttempt) {
    Promise<Void> done = Promise.promise();
    attempt(channel, alert, 1, onAttempt, done);
    return done.future();
  }

  private void attempt(Channel channel, Alert alert, int n, Consumer<Attempt> onAttempt, Promise<Void> done) {
    channels.send(channel, alert).onComplete(ar -> {
      Integer status = ar.succeeded() ? ar.result() : null;
      boolean ok = status != null && status / 100 == 2;
      String error = ok ? null : ar.failed() ? Channels.shown(String.valueOf(ar.cause().getMessage()), channel)
          : status / 100 == 3 ? "HTTP " + status + ": redirects are not followed" : "HTTP " + status;
      boolean refused = ar.failed() && ar.cause() instanceof WebhookRefusedException;
      Outcome outcome = ok ? Outcome.DELIVERED : n < attempts && !refused ? Outcome.FAILED : Outcome.ABANDONED;
      onAttempt.accept(new Attempt(channel, n, clock.instant(), status, error, refused, outcome));
      if (outcome == Outcome.FAILED) {
        long wait = Math.min(MAX_BACKOFF_MS, backoffMs << Math.min(n - 1, 20));
        vertx.setTimer(wait, t -> attempt(channel, alert, n + 1, onAttempt, done));
      } else {
        done.complete();
      }
    });
  }
}
