package downcheck.coordinator.monitor;

import downcheck.coordinator.monitor.webhook.WebhookOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The monitors' flags, mixed into the coordinator's: each default and help declared here only. */
public final class MonitorOptions {
  @Option(names = "--monitor-min-interval-seconds", defaultValue = "30", paramLabel = "N",
      description = "The shortest intervalSeconds a monitor may ask for.")
  int minIntervalSeconds;

  @Option(names = "--monitor-max-per-key", defaultValue = "100", paramLabel = "N",
      description = "Monitors, watches included, one API key may own (with API keys off: one client address); "
          + "past it creating one is a 409.")
  int maxPerKey;

  @Option(names = "--client-monitor-writes-per-minute", defaultValue = "10", paramLabel = "N",
      description = "Monitors and watches one client (its API key, or its address) may create or change a minute, "
          + "else 429; 0 = no limit.")
  int clientWritesPerMinute;

  @Option(names = "--monitor-delivery-attempts", defaultValue = "5", paramLabel = "N",
      description = "Attempts per notification and channel before it is given up (1 s, 2 s, 4 s ... apart).")
  int deliveryAttempts;

  @Option(names = "--monitor-tick-ms", defaultValue = "500", paramLabel = "N",
      description = "How often a coordinator looks at the monitors it schedules.")
  long tickMs;

  @Mixin
  WebhookOptions webhooks = new WebhookOptions();

  /** Webhooks obey the network's target policy: private destinations only where private targets are allowed. */
  public MonitorSettings settings(boolean allowPrivateTargets) {
    return new MonitorSettings(minIntervalSeconds, maxPerKey, allowPrivateTargets, deliveryAttempts, tickMs, 1000,
        clientWritesPerMinute, webhooks.settings());
  }
}
