package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Discord channel webhook ("Execute Webhook"): {@code content} the title, one embed with the
 * sentence, the facts as fields, the link and a colour, and {@code allowed_mentions} empty, so a
 * target's text can never ping {@code @everyone}. Within Discord's limits (content 2000, title
 * 256, description 4096, 25 fields of 256 and 1024).
 */
final class DiscordFormat implements ChannelFormat {
  static final int RED = 0xD93025;
  static final int ORANGE = 0xE8710A;
  static final int YELLOW = 0xF9AB00;
  static final int GREEN = 0x1E8E3E;

  @Override
  public Post post(Channel channel, Alert alert, ChannelSettings urls) {
    Map<String, Object> embed = new LinkedHashMap<>();
    embed.put("title", Texts.clip(Texts.line(alert.title()), 256));
    embed.put("description", Texts.clip(alert.text(), 4096));
    if (alert.link() != null) {
      embed.put("url", alert.link());
    }
    embed.put("color", color(alert.level()));
    embed.put("fields", alert.facts().stream().limit(25).map(f -> Map.of("name", Texts.clip(f.name(), 256),
        "value", Texts.clip(f.value().isEmpty() ? "–" : f.value(), 1024), "inline", f.value().length() < 40)).toList());
    embed.put("timestamp", alert.at().toString());
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("content", Texts.clip(Texts.line(alert.title()), 2000));
    message.put("embeds", List.of(embed));
    message.put("allowed_mentions", Map.of("parse", List.of()));
    return new Post(URI.create(channel.url()), Texts.headers("application/json", alert), Texts.json(message));
  }

  static int color(Alert.Level level) {
    return switch (level) {
      case CRITICAL -> RED;
      case ERROR -> ORANGE;
      case WARNING -> YELLOW;
      case RESOLVED -> GREEN;
    };
  }
}
