package downcheck.coordinator.monitor;

import downcheck.coordinator.monitor.channel.Alert;
import downcheck.coordinator.monitor.channel.Channels;
import downcheck.coordinator.telemetry.MonitorMetrics;
import downcheck.model.monitor.Change;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.Incident;
import downcheck.model.monitor.MonitorSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each of a monitor's channels of a confirmed change: it makes the change an {@link Alert}
 * (the webhook's JSON of docs/api.md among its forms) and hands it to {@link ChannelDelivery}, the
 * one path of every notification (retries, the same delivery id on each); every attempt goes to
 * the delivery log. At most
 * {@code --webhook-max-in-flight} deliveries are under way at once, and a change past that waits
 * in its monitor's outbox.
 */
final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final ChannelDelivery delivery;
  private final DeliveryLog log;
  private final MonitorMetrics metrics;
  private final MonitorSettings settings;
  private final String linkBase;
  private final AtomicInteger inFlight = new AtomicInteger();

  Notifier(Vertx vertx, Channels channels, DeliveryLog log, MonitorMetrics metrics, MonitorSettings settings,
      Clock clock) {
    this.delivery = new ChannelDelivery(vertx, channels, settings, clock);
    this.log = log;
    this.metrics = metrics;
    this.settings = settings;
    this.linkBase = channels.linkBase();
  }

  /** The one path to a channel, shared with the operator's notices. */
  ChannelDelivery delivery() {
    return delivery;
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
    Alert alert = alert(spec, change, monitor, linkBase);
    List<Future<Void>> all = new ArrayList<>();
    for (Channel channel : spec.channels()) {
      all.add(delivery.deliver(channel, alert, a -> logged(spec, change, alert.deliveryId(), a)));
    }
    return Future.join(all).mapEmpty();
  }

  /**
   * The change as every channel format reads it; the key is the monitor's id (PagerDuty's dedup key,
   * Opsgenie's alias), and its id with {@code -certificate} for a certificate warning, which no
   * recovery of the target resolves.
   */
  static Alert alert(MonitorSpec spec, Change change, MonitorView monitor, String linkBase) {
    String deliveryId = change.deliveryId(spec.id());
    Incident incident = change.incident();
    List<Alert.Fact> facts = new ArrayList<>();
    facts.add(new Alert.Fact("Monitor", MonitorView.title(spec)));
    facts.add(new Alert.Fact("Target", MonitorView.withoutQuery(spec.target())));
    facts.add(new Alert.Fact("State", String.valueOf(change.to())));
    if (incident != null && !incident.regions().isEmpty()) {
      facts.add(new Alert.Fact("Regions", String.join(", ", incident.regions())));
    }
    if (change.check() != null && change.check().summary() != null) {
      facts.add(new Alert.Fact("Summary", change.check().summary()));
    }
    if (change.certificate() != null) {
      facts.add(new Alert.Fact("Certificate", change.certificate().daysLeft() + " days left, seen from "
          + String.join(", ", change.certificate().regions())));
    }
    if (incident != null && incident.startedAt() != null) {
      facts.add(new Alert.Fact(Change.UP.equals(change.event()) ? "Was down since" : "Since",
          incident.startedAt().toString()));
    }
    String link = linkBase == null || change.check() == null ? null : linkBase + "/c/" + change.check().id();
    Alert.Level level = switch (change.event()) {
      case Change.DOWN -> Alert.Level.CRITICAL;
      case Change.REGIONAL -> Alert.Level.ERROR;
      case Change.DEGRADED, Change.CERTIFICATE_EXPIRING -> Alert.Level.WARNING;
      default -> Alert.Level.RESOLVED;
    };
    String key = Change.CERTIFICATE_EXPIRING.equals(change.event()) ? spec.id() + "-certificate" : spec.id();
    return new Alert(change.event(), deliveryId, key, level, MonitorView.withoutQuery(spec.target()),
        title(spec, change), text(spec, change), facts, link, change.at() == null ? Instant.EPOCH : change.at(),
        channel -> webhookBody(change, deliveryId, monitor.toldTo(channel)));
  }

  private static Map<String, Object> webhookBody(Change change, String deliveryId, MonitorView monitor) {
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
    return payload;
  }

  /** The short line: "shop is down for everyone". */
  static String title(MonitorSpec spec, Change change) {
    String who = MonitorView.title(spec);
    return switch (change.event()) {
      case Change.DOWN -> who + " is down for everyone";
      case Change.REGIONAL -> who + " is down in " + String.join(", ", change.incident() == null ? List.of()
          : change.incident().regions());
      case Change.DEGRADED -> who + " is slow";
      case Change.CERTIFICATE_EXPIRING -> who + "'s certificate expires in " + change.certificate().daysLeft()
          + (change.certificate().daysLeft() == 1 ? " day" : " days");
      default -> who + " is back up";
    };
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
}
