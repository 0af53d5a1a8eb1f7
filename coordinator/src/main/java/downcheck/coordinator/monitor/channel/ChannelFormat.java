package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.Map;

/**
 * One service's format: the one HTTP POST that tells a channel of that type an alert. Pure code,
 * one class per format; {@link Channels} maps each channel type to one and posts what it makes.
 */
interface ChannelFormat {
  /** The request for this alert on this channel; {@code urls} gives the services' configured base URLs. */
  Post post(Channel channel, Alert alert, ChannelSettings urls);

  /**
   * A POST to make: where, the header fields besides Host, User-Agent, Content-Length and
   * Connection, and the body.
   */
  record Post(URI url, Map<String, String> headers, Buffer body) {}
}
