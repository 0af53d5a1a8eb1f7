package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a monitor's notifications go: a generic {@code webhook} (JSON, signed with the secret
 * when there is one) or a Slack-compatible incoming webhook ({@code slack}). The secret is kept
 * but never shown: {@link #shown()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Channel(String type, String url, String secret) {
  public static final String WEBHOOK = "webhook";
  public static final String SLACK = "slack";

  /** As the API shows it: the secret left out. */
  public Channel shown() {
    return new Channel(type, url, null);
  }
}
