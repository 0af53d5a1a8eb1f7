package downcheck.coordinator.check;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.model.check.PingOptions;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.check.TraceOptions;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code ping} and {@code trace} fields of a check's body (docs/api.md): {@code ping:
 * {count}} (1..10) only with a ping target, {@code trace: {protocol, maxHops}} (icmp or tcp,
 * 1..30) only with a trace target. Each bad field is named ({@code ping.count},
 * {@code trace.protocol}, ...). Plain code, no HTTP types.
 */
final class KindOptions {
  static final int MAX_PING_COUNT = 10;
  private static final Set<String> PING_FIELDS = Set.of("count");
  private static final Set<String> TRACE_FIELDS = Set.of("protocol", "maxHops");

  private KindOptions() {}

  /** The ping options of {@code root}: the default when absent or bad (then an error is added). */
  static PingOptions ping(JsonNode root, Target target, List<FieldError> errors) {
    JsonNode n = root.get("ping");
    if (Fields.absent(n)) {
      return PingOptions.DEFAULT;
    }
    if (!onlyWith(n, "ping", ProbeKind.PING, target, "{\"count\": 3}", errors)) {
      return PingOptions.DEFAULT;
    }
    Fields.unknown(n, PING_FIELDS, "ping", errors);
    int count = (int) Fields.whole(n.get("count"), "ping.count", PingOptions.DEFAULT_COUNT, 1, MAX_PING_COUNT,
        " of echo requests", "", errors);
    return new PingOptions(count);
  }

  /** The trace options of {@code root}: the default when absent or bad (then an error is added). */
  static TraceOptions trace(JsonNode root, Target target, List<FieldError> errors) {
    JsonNode n = root.get("trace");
    if (Fields.absent(n)) {
      return TraceOptions.DEFAULT;
    }
    if (!onlyWith(n, "trace", ProbeKind.TRACE, target, "{\"protocol\": \"tcp\", \"maxHops\": 30}", errors)) {
      return TraceOptions.DEFAULT;
    }
    Fields.unknown(n, TRACE_FIELDS, "trace", errors);
    String protocol = null;
    JsonNode p = n.get("protocol");
    if (!Fields.absent(p)) {
      String value = p.isTextual() ? p.asText().toLowerCase(Locale.ROOT) : "";
      if (value.equals("icmp") || value.equals("tcp")) {
        protocol = value;
      } else {
        errors.add(new FieldError("trace.protocol", "must be \"icmp\" or \"tcp\", got " + Fields.shown(p)));
      }
    }
    int maxHops = (int) Fields.whole(n.get("maxHops"), "trace.maxHops", TraceOptions.MAX_HOPS, 1, TraceOptions.MAX_HOPS,
        " of hops", "", errors);
    return new TraceOptions(protocol, maxHops);
  }

  private static boolean onlyWith(JsonNode n, String field, ProbeKind kind, Target target, String example,
      List<FieldError> errors) {
    if (!n.isObject()) {
      errors.add(new FieldError(field, "must be an object: " + example));
      return false;
    }
    if (target != null && target.kind() != kind) {
      errors.add(new FieldError(field, "only " + kind.wire() + " checks take " + field + " options"));
      return false;
    }
    return true;
  }
}
