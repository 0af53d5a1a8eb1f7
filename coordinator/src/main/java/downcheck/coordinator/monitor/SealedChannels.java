package downcheck.coordinator.monitor;

import downcheck.coordinator.secrets.SecretsKey;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MonitorSpec;

/**
 * A monitor's channels as they sit on the monitors topic: each secret value (URL, secret, routing
 * key, API key, token: {@link Channel#withSecrets}) sealed with the
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
    return spec.withChannels(spec.channels().stream().map(c -> c.withSecrets(v -> key.seal(purpose, v))).toList());
  }

  /**
   * The definition as read from Kafka, opened; an {@link IllegalArgumentException} when a value
   * was sealed by another key (or changed).
   */
  MonitorSpec open(MonitorSpec spec) {
    String purpose = purpose(spec);
    return spec.withChannels(spec.channels().stream().map(c -> c.withSecrets(v -> open(purpose, v))).toList());
  }

  /** True when some channel value of the definition is sealed (by any key). */
  static boolean anySealed(MonitorSpec spec) {
    return spec.channels().stream().anyMatch(c -> c.secrets().stream().anyMatch(SecretsKey::isSealed));
  }

  private static String purpose(MonitorSpec spec) {
    return "channel:" + spec.id();
  }

  private String open(String purpose, String value) {
    return SecretsKey.isSealed(value) ? key.open(purpose, value) : value;
  }
}
