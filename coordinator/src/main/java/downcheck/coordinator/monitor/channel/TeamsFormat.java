package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"), which
 * takes Adaptive Cards only: {@code {"type":"message","attachments":[{"contentType":
 * "application/vnd.microsoft.card.adaptive","contentUrl":null,"content":<card>}]}}, the card a
 * title, the sentence, the facts and a button to the check.
 */
final class TeamsFormat implements ChannelFormat {
  static final String CARD = "application/vnd.microsoft.card.adaptive";

  @Override
  public Post post(Channel channel, Alert alert, ChannelSettings urls) {
    List<Object> body = new ArrayList<>();
    body.add(Map.of("type", "TextBlock", "size", "Medium", "weight", "Bolder", "wrap", true,
        "color", color(alert.level()), "text", Texts.line(alert.title())));
    body.add(Map.of("type", "TextBlock", "wrap", true, "text", alert.text()));
    body.add(Map.of("type", "FactSet", "facts", alert.facts().stream()
        .map(f -> Map.of("title", f.name(), "value", f.value())).toList()));
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    if (alert.link() != null) {
      card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open the check", "url", alert.link())));
    }
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", CARD);
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return new Post(URI.create(channel.url()), Texts.headers("application/json", alert), Texts.json(message));
  }

  static String color(Alert.Level level) {
    return switch (level) {
      case CRITICAL, ERROR -> "Attention";
      case WARNING -> "Warning";
      case RESOLVED -> "Good";
    };
  }
}
