package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;

/**
 * Where a monitor's notifications go: a generic {@code webhook} (JSON, signed with the secret
 * when there is one) or a Slack-compatible incoming webhook ({@code slack}). The URL is itself a
 * credential (whoever has a Slack webhook's URL may post into that channel) and the secret signs:
 * neither is ever shown, {@link #shown()} (docs/monitors.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Channel(String type, String url, String secret) {
  public static final String WEBHOOK = "webhook";
  public static final String SLACK = "slack";

  /** As the API, the pages and the notifications show it: the URL cut to scheme and host, the secret left out. */
  public Channel shown() {
    return new Channel(type, redact(url), null);
  }

  /**
   * {@code https://hooks.slack.com/services/T0/B0/XYZ} as {@code https://hooks.slack.com/…}:
   * scheme, host and port, never the user, path, query or fragment; {@code …} alone when it is
   * not such a URL.
   */
  public static String redact(String url) {
    try {
      URI uri = url == null ? null : URI.create(url);
      if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
        return "…";
      }
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
    } catch (IllegalArgumentException e) {
      return "…";
    }
  }
}
