package downcheck.coordinator.telemetry;

import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MonitorState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The monitors' meters, named and described once (CoordinatorMetrics' style):
 * {@code downcheck_monitor_state{monitor}} is the state's code (0 PENDING, 1 UP, 2 DEGRADED,
 * 3 REGIONAL_OUTAGE, 4 GLOBAL_OUTAGE, 5 UNKNOWN), {@code downcheck_monitor_notifications_total{channel,outcome}}
 * counts notification attempts: {@code delivered}, {@code failed} (to be retried) or {@code abandoned};
 * {@code downcheck_monitor_records_rejected_total{record}} counts records on the monitors topic
 * ({@code state}, {@code definition}) dropped because no coordinator of this cluster tagged them
 * (forged, or written under another key).
 */
public final class MonitorMetrics {
  static final String STATE = "downcheck.monitor.state";
  static final String NOTIFICATIONS = "downcheck.monitor.notifications";
  static final String RECORDS_REJECTED = "downcheck.monitor.records.rejected";

  private final MeterRegistry registry;
  private final Function<String, MonitorState> stateOf;
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  public MonitorMetrics(MeterRegistry registry, Function<String, MonitorState> stateOf) {
    this.registry = registry;
    this.stateOf = stateOf;
    for (String record : new String[] {"state", "definition", "maintenance"}) {
      rejected(record, 0);
    }
    // known in advance, so a rate of failures is defined before the first notification
    for (String channel : new String[] {Channel.WEBHOOK, Channel.SLACK}) {
      for (String outcome : new String[] {"delivered", "failed", "abandoned"}) {
        notifications(channel, outcome);
      }
    }
  }

  /** A record on the monitors topic ({@code state}, {@code definition} or {@code maintenance}) that no coordinator of this cluster wrote: dropped. */
  public void recordRejected(String record) {
    rejected(record, 1);
  }

  private void rejected(String record, double by) {
    Counter.builder(RECORDS_REJECTED)
        .description("Monitor records dropped: no valid tag of the coordinators' secrets key (forged, or another key).")
        .tag("record", record).register(registry).increment(by);
  }

  public void added(String id) {
    gauges.computeIfAbsent(id, k -> Gauge.builder(STATE, () -> {
      MonitorState s = stateOf.apply(k);
      return s == null ? MonitorState.PENDING.ordinal() : s.ordinal();
    }).description("A monitor's confirmed state: 0 PENDING, 1 UP, 2 DEGRADED, 3 REGIONAL_OUTAGE, 4 GLOBAL_OUTAGE, 5 UNKNOWN.")
        .tag("monitor", k).register(registry));
  }

  public void removed(String id) {
    Gauge g = gauges.remove(id);
    if (g != null) {
      registry.remove(g);
    }
  }

  /** One notification attempt's outcome: delivered, failed (retried) or abandoned. */
  public void notification(String channel, String outcome) {
    notifications(channel, outcome).increment();
  }

  private Counter notifications(String channel, String outcome) {
    return Counter.builder(NOTIFICATIONS).description("Notification attempts, by channel type and outcome.")
        .tag("channel", channel).tag("outcome", outcome).register(registry);
  }
}
