package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Where a monitor's notifications go (docs/monitors.md, "Channels"): a generic {@code webhook}
 * (JSON, signed with the secret when there is one), a Slack-compatible incoming webhook, an
 * {@code email} to a few addresses, PagerDuty (its Events API v2 routing key), Opsgenie (an API
 * key, US or EU), a Microsoft Teams workflow, a Discord webhook or an ntfy topic (with an
 * optional access token). The URL is itself a credential (whoever has a Slack webhook's URL may
 * post into that channel), and so are the secret, the routing key, the API key and the token:
 * none is ever shown, {@link #shown()}.
 *
 * @param url        where a webhook, slack, teams, discord or ntfy channel posts
 * @param secret     a webhook's signing secret
 * @param to         an email channel's addresses
 * @param routingKey a PagerDuty Events API v2 integration's routing key
 * @param apiKey     an Opsgenie API integration's key
 * @param region     an Opsgenie account's region: {@code us} or {@code eu}
 * @param token      an ntfy access token
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Channel(String type, String url, String secret, List<String> to, String routingKey, String apiKey,
    String region, String token) {
  public static final String WEBHOOK = "webhook";
  public static final String SLACK = "slack";
  public static final String EMAIL = "email";
  public static final String PAGERDUTY = "pagerduty";
  public static final String OPSGENIE = "opsgenie";
  public static final String TEAMS = "teams";
  public static final String DISCORD = "discord";
  public static final String NTFY = "ntfy";
  /** Every type, in the order the docs list them. */
  public static final List<String> TYPES = List.of(WEBHOOK, SLACK, EMAIL, PAGERDUTY, OPSGENIE, TEAMS, DISCORD, NTFY);
  /** What a shown key or token is: that there is one, never what. */
  public static final String HIDDEN = "…";

  public Channel {
    to = to == null ? null : List.copyOf(to);
  }

  /** A channel of a URL and an optional secret: webhook, slack, teams, discord, ntfy (no token). */
  public Channel(String type, String url, String secret) {
    this(type, url, secret, null, null, null, null, null);
  }

  /**
   * As the API, the pages and the notifications show it: the URL cut to scheme and host, the
   * secret left out, a key or token as {@code …}; the addresses of an email channel as they are.
   */
  public Channel shown() {
    return new Channel(type, url == null ? null : redact(url), null, to, hidden(routingKey), hidden(apiKey), region,
        hidden(token));
  }

  /** The same channel with each secret value (URL, secret, routing key, API key, token) passed through {@code f}. */
  public Channel withSecrets(UnaryOperator<String> f) {
    return new Channel(type, apply(f, url), apply(f, secret), to, apply(f, routingKey), apply(f, apiKey), region,
        apply(f, token));
  }

  /** The secret values it holds (URL, secret, routing key, API key, token), none null. */
  @JsonIgnore
  public List<String> secrets() {
    return Stream.of(url, secret, routingKey, apiKey, token).filter(s -> s != null && !s.isEmpty()).toList();
  }

  private static String apply(UnaryOperator<String> f, String value) {
    return value == null ? null : f.apply(value);
  }

  private static String hidden(String value) {
    return value == null ? null : HIDDEN;
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
        return HIDDEN;
      }
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
    } catch (IllegalArgumentException e) {
      return HIDDEN;
    }
  }
}
