package downcheck.coordinator.monitor.channel;

import downcheck.model.wire.Codec;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the formats share: their common headers, JSON bodies, and texts cut to a service's limits. */
final class Texts {
  private Texts() {}

  /** {@code Content-Type}, {@code X-Downcheck-Event} and {@code X-Downcheck-Delivery}: every HTTP channel's. */
  static Map<String, String> headers(String contentType, Alert alert) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType);
    h.put("X-Downcheck-Event", alert.event());
    h.put("X-Downcheck-Delivery", alert.deliveryId());
    return h;
  }

  static Buffer json(Object body) {
    return Buffer.buffer(Codec.toJson(body));
  }

  /** At most {@code max} characters, the cut marked with {@code …}; never splits a surrogate pair. */
  static String clip(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }

  /** One line: control characters (a line break in a monitor's name, say) as spaces. */
  static String line(String s) {
    return s == null ? null : s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
  }

  /** A header value as it may be sent: ASCII as it is, anything else as an RFC 2047 encoded word. */
  static String headerValue(String s) {
    String one = line(s);
    if (one.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return one;
    }
    return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(one.getBytes(StandardCharsets.UTF_8)) + "?=";
  }

  /** The facts as {@code name: value} lines. */
  static String factLines(Alert alert) {
    StringBuilder b = new StringBuilder();
    alert.facts().forEach(f -> b.append(f.name()).append(": ").append(f.value()).append('\n'));
    return b.toString();
  }
}
