package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Map;

/**
 * An ntfy topic: a POST of the sentence as plain text to the topic's URL, with {@code Title}
 * (RFC 2047 encoded when not ASCII, as ntfy documents), {@code Priority} (5 down everywhere, 4
 * down somewhere, 3 otherwise), {@code Tags} (emoji short codes), {@code Click} (the link) and,
 * when the channel has an access token, {@code Authorization: Bearer <token>}.
 */
final class NtfyFormat implements ChannelFormat {
  static final int MAX_MESSAGE = 4096;

  @Override
  public Post post(Channel channel, Alert alert, ChannelSettings urls) {
    Map<String, String> headers = Texts.headers("text/plain; charset=utf-8", alert);
    headers.put("Title", Texts.headerValue(Texts.clip(alert.title(), 200)));
    headers.put("Priority", priority(alert.level()));
    headers.put("Tags", tags(alert.level()));
    if (alert.link() != null) {
      headers.put("Click", alert.link());
    }
    if (channel.token() != null) {
      headers.put("Authorization", "Bearer " + channel.token());
    }
    return new Post(URI.create(channel.url()), headers, Buffer.buffer(Texts.clip(alert.text(), MAX_MESSAGE)));
  }

  static String priority(Alert.Level level) {
    return switch (level) {
      case CRITICAL -> "5";
      case ERROR -> "4";
      case WARNING, RESOLVED -> "3";
    };
  }

  static String tags(Alert.Level level) {
    return switch (level) {
      case CRITICAL, ERROR -> "rotating_light,downcheck";
      case WARNING -> "warning,downcheck";
      case RESOLVED -> "white_check_mark,downcheck";
    };
  }
}
