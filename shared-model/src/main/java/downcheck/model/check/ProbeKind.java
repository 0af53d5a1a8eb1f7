package downcheck.model.check;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a probe does; on the wire in lower case ({@code "http"}). */
public enum ProbeKind {
  HTTP, TCP, DNS, PING, TRACE;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ProbeKind fromWire(String value) {
    if (value == null) {
      return null;
    }
    for (ProbeKind k : values()) {
      if (k.wire().equalsIgnoreCase(value)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown kind '" + value + "' (http, tcp, dns, ping or trace)");
  }
}
