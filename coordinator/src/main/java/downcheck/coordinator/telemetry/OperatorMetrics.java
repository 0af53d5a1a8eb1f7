package downcheck.coordinator.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The operator's notices, named and described once: {@code downcheck_operator_events_total{event}}
 * counts the events this coordinator decided (each is decided by one coordinator of the cluster),
 * {@code downcheck_operator_notifications_total{channel,outcome}} the attempts to deliver them:
 * {@code delivered}, {@code failed} (to be retried) or {@code abandoned}.
 */
public final class OperatorMetrics {
  static final String EVENTS = "downcheck.operator.events";
  static final String NOTIFICATIONS = "downcheck.operator.notifications";
  private static final String[] EVENT_NAMES = {"operator.agent_silent", "operator.agent_back",
      "operator.agent_impaired", "operator.agent_healthy", "operator.region_lost", "operator.region_back"};

  private final MeterRegistry registry;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String event : EVENT_NAMES) {
      events(event);
    }
  }

  public void event(String event) {
    events(event).increment();
  }

  private Counter events(String event) {
    return Counter.builder(EVENTS).description("Events about agents and regions decided for the operator, by event.")
        .tag("event", event).register(registry);
  }

  public void notification(String channel, String outcome) {
    Counter.builder(NOTIFICATIONS).description("Attempts to tell the operator, by channel type and outcome.")
        .tag("channel", channel).tag("outcome", outcome).register(registry).increment();
  }
}
