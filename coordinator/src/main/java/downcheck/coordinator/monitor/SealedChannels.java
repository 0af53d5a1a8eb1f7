package downcheck.coordinator.monitor;

import downcheck.coordinator.secrets.SecretsKey;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MonitorSpec;

/**
 * A monitor's channels as they sit on the monitors topic: each URL and secret sealed with the
 * coordinators' secrets key (AES-GCM, {@link SecretsKey#seal}), for the purpose
 * {@code channel:<monitor id>} so a sealed value copied into another monitor does not open there.
 * Opened only in this coordinator's memory, where the notifier needs them (docs/monitors.md).
 * A definition written before sealing (plain text) is read as it is and sealed when next written.
 */
final class SealedChannels {
  private final SecretsKey key;

  SealedChannels(SecretsKey key) {
    this.key = key;
  }

  /** The definition as written to Kafka. */
  MonitorSpec seal(MonitorSpec spec) {
    String purpose = purpose(spec);
    return spec.withChannels(spec.channels().stream().map(c -> new Channel(c.type(), seal(purpose, c.url()),
        seal(purpose, c.secret()))).toList());
  }

  /**
   * The definition as read from Kafka, opened; an {@link IllegalArgumentException} when a value
   * was sealed by another key (or changed).
   */
  MonitorSpec open(MonitorSpec spec) {
    String purpose = purpose(spec);
    return spec.withChannels(spec.channels().stream().map(c -> new Channel(c.type(), open(purpose, c.url()),
        open(purpose, c.secret()))).toList());
  }

  /** True when some channel value of the definition is sealed (by any key). */
  static boolean anySealed(MonitorSpec spec) {
    return spec.channels().stream().anyMatch(c -> SecretsKey.isSealed(c.url()) || SecretsKey.isSealed(c.secret()));
  }

  private static String purpose(MonitorSpec spec) {
    return "channel:" + spec.id();
  }

  private String seal(String purpose, String value) {
    return value == null ? null : key.seal(purpose, value);
  }

  private String open(String purpose, String value) {
    return SecretsKey.isSealed(value) ? key.open(purpose, value) : value;
  }
}
