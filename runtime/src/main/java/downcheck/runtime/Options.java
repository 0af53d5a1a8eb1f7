package downcheck.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options: {@code --name value}, {@code --name=value}, bare flags, and
 * {@code --kafka.<key>=<value>} passed to the Kafka clients. Every option may also come from
 * the environment as {@code DOWNCHECK_<NAME>} ({@code --agent-id} = {@code DOWNCHECK_AGENT_ID},
 * {@code --kafka.security.protocol} = {@code DOWNCHECK_KAFKA_SECURITY_PROTOCOL}); the command
 * line wins.
 */
public final class Options {
  private final Map<String, String> values;
  private final Map<String, String> kafka;
  private final List<String> positional;

  private Options(Map<String, String> values, Map<String, String> kafka, List<String> positional) {
    this.values = values;
    this.kafka = kafka;
    this.positional = positional;
  }

  public static Options parse(String[] args, Map<String, String> env, List<String> booleanFlags) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> kafka = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("DOWNCHECK_KAFKA_") && k.length() > "DOWNCHECK_KAFKA_".length()) {
        kafka.put(k.substring("DOWNCHECK_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
      } else if (k.startsWith("DOWNCHECK_")) {
        values.put(k.substring("DOWNCHECK_".length()).toLowerCase(Locale.ROOT).replace('_', '-'), e.getValue());
      }
    }
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (booleanFlags.contains(name)) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
      if (name.startsWith("kafka.")) {
        kafka.put(name.substring("kafka.".length()), value);
      } else {
        values.put(name, value);
      }
    }
    return new Options(values, kafka, positional);
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public String require(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required (or DOWNCHECK_"
          + name.toUpperCase(Locale.ROOT).replace('-', '_') + ")");
    }
    return v;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean flag(String name) {
    String v = values.get(name);
    return v != null && !v.equalsIgnoreCase("false") && !v.equals("0");
  }

  public int intValue(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a number");
    }
  }

  /** A comma-separated list; an empty string gives an empty list. */
  public List<String> list(String name, List<String> fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  /** Settings for the Kafka clients given as {@code --kafka.<key>=<value>}. */
  public Map<String, String> kafka() {
    return Map.copyOf(kafka);
  }

  public List<String> positional() {
    return List.copyOf(positional);
  }
}
