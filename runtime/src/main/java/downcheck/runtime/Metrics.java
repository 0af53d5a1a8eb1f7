package downcheck.runtime;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters, rendered in the Prometheus text format. Names may carry labels: {@code name{k="v"}}. */
public final class Metrics {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, String> help = new ConcurrentHashMap<>();

  public void describe(String family, String text) {
    help.put(family, text);
  }

  public void increment(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  public long value(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  public String render(Map<String, Number> gauges) {
    StringBuilder sb = new StringBuilder();
    Map<String, Number> all = new TreeMap<>();
    counters.forEach((k, v) -> all.put(k, v.sum()));
    all.putAll(gauges);
    String lastFamily = null;
    for (Map.Entry<String, Number> e : all.entrySet()) {
      String family = e.getKey().replaceFirst("\\{.*", "");
      if (!family.equals(lastFamily)) {
        String text = help.get(family);
        if (text != null) {
          sb.append("# HELP ").append(family).append(' ').append(text).append('\n');
        }
        sb.append("# TYPE ").append(family).append(family.endsWith("_total") ? " counter" : " gauge").append('\n');
        lastFamily = family;
      }
      sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    return sb.toString();
  }
}
