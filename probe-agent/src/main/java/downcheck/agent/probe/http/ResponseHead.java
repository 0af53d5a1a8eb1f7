package downcheck.agent.probe.http;

import java.util.List;
import java.util.Locale;

/** The status line and header fields of an HTTP/1.x response, as {@link ResponseParser} read them. */
record ResponseHead(String version, int status, String reason, List<Field> fields) {
  record Field(String name, String value) {}

  ResponseHead {
    fields = List.copyOf(fields);
  }

  /** The first value of a field (names are case-insensitive), or null. */
  String header(String name) {
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return f.value();
      }
    }
    return null;
  }

  /** Every value of a field, comma-separated lists split, in order, lower-cased and trimmed. */
  List<String> tokens(String name) {
    return fields.stream()
        .filter(f -> f.name().equalsIgnoreCase(name))
        .flatMap(f -> List.of(f.value().split(",")).stream())
        .map(v -> v.strip().toLowerCase(Locale.ROOT))
        .filter(v -> !v.isEmpty())
        .toList();
  }
}
