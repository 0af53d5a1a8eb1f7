package downcheck.coordinator.monitor;

import downcheck.coordinator.telemetry.MonitorMetrics;
import downcheck.model.monitor.Change;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MonitorSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one change to each of a monitor's channels through {@link ChannelDelivery}: a webhook gets
 * the JSON of docs/api.md, a Slack channel the sentence of {@link #text}. Every attempt goes to the
 * delivery log; at most {@code --webhook-max-in-flight} deliveries are under way at once, and a
 * change past that waits in its monitor's outbox.
 */
final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final ChannelDelivery delivery;
  private final DeliveryLog log;
  private final MonitorMetrics metrics;
  private final MonitorSettings settings;
  private final AtomicInteger inFlight = new AtomicInteger();

  Notifier(Vertx vertx, DeliveryLog log, MonitorMetrics metrics, MonitorSettings settings, Clock clock) {
    this.delivery = new ChannelDelivery(vertx, settings, clock);
    this.log = log;
    this.metrics = metrics;
    this.settings = settings;
  }

  void close() {
    delivery.close();
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
    String summary = text(spec, change);
    List<Future<Void>> all = new ArrayList<>();
    for (Channel channel : spec.channels()) {
      // each receiver sees its own channel only, redacted: never another channel's URL (a credential)
      ChannelDelivery.Notice notice = new ChannelDelivery.Notice(change.event(), deliveryId, summary,
          webhookBody(change, deliveryId, monitor.toldTo(channel)));
      all.add(delivery.deliver(channel, notice, a -> logged(spec, change, deliveryId, a)));
    }
    return Future.join(all).mapEmpty();
  }

  private static Map<String, Object> webhookBody(Change change, String deliveryId, MonitorView monitor) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("event", change.event());
    payload.put("deliveryId", deliveryId);
    payload.put("monitor", monitor);
    payload.put("incident", change.incident());
    payload.put("check", change.check());
    return payload;
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
      default -> who + " is back up" + why;
    };
  }

  private void logged(MonitorSpec spec, Change change, String deliveryId, ChannelDelivery.Attempt a) {
    log.add(spec.id(), new DeliveryLog.Attempt(deliveryId, change.incident() == null ? null : change.incident().id(),
        change.event(), a.channel().type(), a.attempt(), a.at(), a.status(), a.refused() ? "refused: " + a.error()
        : a.error()));
    metrics.notification(a.channel().type(), a.outcome().label());
    if (a.outcome() == ChannelDelivery.Outcome.DELIVERED) {
      LOG.info("monitor {} {} {} delivered to {} (attempt {})", spec.id(), change.event(), deliveryId, a.channel().type(),
          a.attempt());
    } else if (a.outcome() == ChannelDelivery.Outcome.ABANDONED) {
      LOG.warn("monitor {} {} {} not delivered to {} after {} attempts: {}", spec.id(), change.event(), deliveryId,
          a.channel().type(), a.attempt(), a.error());
    }
  }

  /** The one path to a channel, shared with the operator's notices. */
  ChannelDelivery delivery() {
    return delivery;
  }
}
