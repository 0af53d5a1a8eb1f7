package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import java.net.URI;
import java.util.Map;

/** A Slack-compatible incoming webhook: {@code {"text": "<the sentence>"}} (Mattermost and Rocket.Chat take it too). */
final class SlackFormat implements ChannelFormat {
  @Override
  public Post post(Channel channel, Alert alert, ChannelSettings urls) {
    return new Post(URI.create(channel.url()), Texts.headers("application/json", alert),
        Texts.json(Map.of("text", alert.text())));
  }
}
