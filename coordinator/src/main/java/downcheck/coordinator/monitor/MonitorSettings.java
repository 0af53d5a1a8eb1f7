package downcheck.coordinator.monitor;

import downcheck.coordinator.monitor.webhook.WebhookSettings;
import downcheck.model.check.AddressPolicy;

/**
 * The monitors' settings, validated; defaults in {@link MonitorOptions}.
 *
 * @param maxPerKey the monitors, watches included, one API key (with keys off, one client address) may own
 * @param backoffMs the wait before a notification's second attempt, doubled for each next one (at most a minute)
 * @param clientWritesPerMinute monitors and watches one client may create or change a minute; 0 = no limit
 * @param webhooks  how notifications are posted
 */
public record MonitorSettings(int minIntervalSeconds, int maxPerKey, boolean allowPrivateTargets, int deliveryAttempts,
    long tickMs, long backoffMs, int clientWritesPerMinute, WebhookSettings webhooks) {

  public MonitorSettings {
    if (minIntervalSeconds < 1 || maxPerKey < 0 || deliveryAttempts < 1 || deliveryAttempts > 20 || tickMs < 10
        || backoffMs < 1 || clientWritesPerMinute < 0) {
      throw new IllegalArgumentException("--monitor-min-interval-seconds must be at least 1, --monitor-max-per-key at least 0, "
          + "--monitor-delivery-attempts in 1..20, --monitor-tick-ms at least 10, --client-monitor-writes-per-minute "
          + "at least 0 (" + minIntervalSeconds + ", " + maxPerKey + ", " + deliveryAttempts + ", " + tickMs + ", "
          + clientWritesPerMinute + ")");
    }
  }

  public static MonitorSettings defaults() {
    return new MonitorSettings(30, 100, false, 5, 500, 1000, 10, WebhookSettings.defaults());
  }

  /** Where notifications may go: the network's target policy, and the addresses allowed for webhooks alone. */
  public AddressPolicy webhookPolicy() {
    return new AddressPolicy(allowPrivateTargets, webhooks.allowedAddresses());
  }
}
