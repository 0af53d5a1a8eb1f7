package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PagerDuty's Events API v2: {@code POST /v2/enqueue} with the channel's routing key, a
 * {@code trigger} with the alert's key as {@code dedup_key} (so every later event of the same
 * monitor updates the same PagerDuty alert) and a {@code resolve} of that key on recovery.
 * Severity: {@code critical} (down everywhere), {@code error} (down somewhere), {@code warning}.
 */
final class PagerDutyFormat implements ChannelFormat {
  static final int MAX_SUMMARY = 1024;
  static final int MAX_KEY = 255;

  @Override
  public Post post(Channel channel, Alert alert, ChannelSettings urls) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("routing_key", channel.routingKey());
    event.put("dedup_key", Texts.clip(alert.key(), MAX_KEY));
    if (alert.level() == Alert.Level.RESOLVED) {
      event.put("event_action", "resolve");
    } else {
      event.put("event_action", "trigger");
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("summary", Texts.clip(Texts.line(alert.text()), MAX_SUMMARY));
      payload.put("source", alert.source());
      payload.put("severity", severity(alert.level()));
      payload.put("timestamp", alert.at().toString());
      payload.put("component", alert.source());
      payload.put("class", alert.event());
      Map<String, String> details = new LinkedHashMap<>();
      alert.facts().forEach(f -> details.put(f.name(), f.value()));
      payload.put("custom_details", details);
      event.put("payload", payload);
      event.put("client", "downcheck");
      if (alert.link() != null) {
        event.put("client_url", alert.link());
        event.put("links", List.of(Map.of("href", alert.link(), "text", "The check that confirmed it")));
      }
    }
    return new Post(urls.pagerDuty(), Texts.headers("application/json", alert), Texts.json(event));
  }

  static String severity(Alert.Level level) {
    return switch (level) {
      case CRITICAL -> "critical";
      case ERROR -> "error";
      case WARNING -> "warning";
      case RESOLVED -> "info";
    };
  }
}
