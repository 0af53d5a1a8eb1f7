package downcheck.coordinator.monitor;

import downcheck.coordinator.secrets.SecretsKey;
import downcheck.model.check.RequestShape;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MonitorSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A monitor's channels as they sit on the monitors topic: each secret value (URL, secret, routing
 * key, API key, token: {@link Channel#withSecrets}) sealed with the
 * coordinators' secrets key (AES-GCM, {@link SecretsKey#seal}), for the purpose
 * {@code channel:<monitor id>} so a sealed value copied into another monitor does not open there.
 * Opened only in this coordinator's memory, where the notifier needs them (docs/monitors.md).
 * A definition written before sealing (plain text) is read as it is and sealed when next written.
 * The request its runs send is sealed the same way, for {@code request:<monitor id>}: each header
 * value and the body (they may hold tokens or passwords; docs/api.md, "Shaped requests").
 */
final class SealedChannels {
  private final SecretsKey key;

  SealedChannels(SecretsKey key) {
    this.key = key;
  }

  /** The definition as written to Kafka. */
  MonitorSpec seal(MonitorSpec spec) {
    String purpose = purpose(spec);
    String requestPurpose = requestPurpose(spec);
    return spec.withChannels(spec.channels().stream().map(c -> c.withSecrets(v -> key.seal(purpose, v))).toList())
        .withRequest(mapRequest(spec.request(), v -> key.seal(requestPurpose, v)));
  }

  /**
   * The definition as read from Kafka, opened; an {@link IllegalArgumentException} when a value
   * was sealed by another key (or changed).
   */
  MonitorSpec open(MonitorSpec spec) {
    String purpose = purpose(spec);
    String requestPurpose = requestPurpose(spec);
    return spec.withChannels(spec.channels().stream().map(c -> c.withSecrets(v -> open(purpose, v))).toList())
        .withRequest(mapRequest(spec.request(), v -> open(requestPurpose, v)));
  }

  /** True when some channel value or request value of the definition is sealed (by any key). */
  static boolean anySealed(MonitorSpec spec) {
    RequestShape r = spec.request();
    return spec.channels().stream().anyMatch(c -> c.secrets().stream().anyMatch(SecretsKey::isSealed))
        || (r != null && (r.headers().values().stream().anyMatch(SecretsKey::isSealed)
            || (r.body() != null && SecretsKey.isSealed(r.body()))));
  }

  private static RequestShape mapRequest(RequestShape shape, UnaryOperator<String> f) {
    if (shape == null) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    shape.headers().forEach((name, value) -> headers.put(name, f.apply(value)));
    return new RequestShape(shape.method(), headers, shape.body() == null ? null : f.apply(shape.body()));
  }

  private static String requestPurpose(MonitorSpec spec) {
    return "request:" + spec.id();
  }

  private static String purpose(MonitorSpec spec) {
    return "channel:" + spec.id();
  }

  private String open(String purpose, String value) {
    return SecretsKey.isSealed(value) ? key.open(purpose, value) : value;
  }
}
