package downcheck.coordinator.monitor.channel;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.model.check.AddressPolicy;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.UrlPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The channels of a {@code notify} array, validated (docs/monitors.md, "Channels"): each bad
 * field named ({@code notify[1].routingKey}), a key or token never quoted back. Bounded: a few
 * channels, a few addresses, short keys and URLs.
 */
public final class ChannelInput {
  public static final int MAX_CHANNELS = 5;
  static final int MAX_URL = 2048;
  static final int MAX_SECRET = 256;
  static final int MAX_RECIPIENTS = 10;
  static final int MAX_KEY = 128;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._~+/=-]{1," + MAX_KEY + "}");
  /** The fields each type takes, besides {@code type}; the first is required. */
  private static final Map<String, List<String>> FIELDS = Map.of(
      Channel.WEBHOOK, List.of("url", "secret"),
      Channel.SLACK, List.of("url", "secret"), // a secret was always accepted, and is unused
      Channel.EMAIL, List.of("to"),
      Channel.PAGERDUTY, List.of("routingKey"),
      Channel.OPSGENIE, List.of("apiKey", "region"),
      Channel.TEAMS, List.of("url"),
      Channel.DISCORD, List.of("url"),
      Channel.NTFY, List.of("url", "token"));

  private final AddressPolicy policy;
  private final boolean emailOn;

  /**
   * @param policy  where HTTP channels may post (the network's address policy)
   * @param emailOn whether this coordinator has an SMTP server ({@code --smtp-host})
   */
  public ChannelInput(AddressPolicy policy, boolean emailOn) {
    this.policy = policy;
    this.emailOn = emailOn;
  }

  /** Channels of a {@code notify} array named {@code field}; each bad one added to {@code errors}. */
  public List<Channel> channels(JsonNode n, String field, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_CHANNELS) {
      errors.add(new FieldError(field, "must be an array of at most " + MAX_CHANNELS + " channels"));
      return List.of();
    }
    List<Channel> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      Channel c = channel(n.get(i), field + "[" + i + "]", errors);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /** One channel object at {@code at}; null when bad. */
  public Channel channel(JsonNode c, String at, List<FieldError> errors) {
    if (!c.isObject()) {
      errors.add(new FieldError(at, "must be an object: {\"type\": \"webhook\", \"url\": \"https://…\", \"secret\": \"…\"}"));
      return null;
    }
    JsonNode typeNode = c.get("type");
    String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
    if (type == null || !FIELDS.containsKey(type)) {
      errors.add(new FieldError(at + ".type", "must be one of " + String.join(", ", Channel.TYPES) + ", got "
          + Fields.shown(typeNode)));
      if (!Fields.absent(c.get("url"))) {
        url(c.get("url"), at + ".url", errors); // every bad field named at once (docs/api.md): a bad URL too
      }
      return null;
    }
    int before = errors.size();
    Set<String> known = new java.util.HashSet<>(FIELDS.get(type));
    known.add("type");
    Fields.unknown(c, known, at, errors);
    Channel channel = switch (type) {
      case Channel.EMAIL -> email(c, at, errors);
      case Channel.PAGERDUTY -> new Channel(type, null, null, null, key(c.get("routingKey"), at + ".routingKey", errors),
          null, null, null);
      case Channel.OPSGENIE -> new Channel(type, null, null, null, null, key(c.get("apiKey"), at + ".apiKey", errors),
          region(c.get("region"), at + ".region", errors), null);
      case Channel.NTFY -> new Channel(type, url(c.get("url"), at + ".url", errors), null, null, null, null, null,
          Fields.absent(c.get("token")) ? null : key(c.get("token"), at + ".token", errors));
      default -> new Channel(type, url(c.get("url"), at + ".url", errors),
          Fields.string(c.get("secret"), at + ".secret", MAX_SECRET, true, errors));
    };
    return errors.size() > before ? null : channel;
  }

  private Channel email(JsonNode c, String at, List<FieldError> errors) {
    if (!emailOn) {
      errors.add(new FieldError(at + ".type", "this network sends no email (its coordinators have no --smtp-host)"));
      return null;
    }
    JsonNode to = c.get("to");
    if (to == null || !to.isArray() || to.isEmpty() || to.size() > MAX_RECIPIENTS) {
      errors.add(new FieldError(at + ".to", "is required: an array of 1.." + MAX_RECIPIENTS + " email addresses"));
      return null;
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < to.size(); i++) {
      JsonNode a = to.get(i);
      if (!a.isTextual() || !EmailAddresses.valid(a.asText().strip())) {
        errors.add(new FieldError(at + ".to[" + i + "]", "'" + Fields.shown(a) + "' is not an address such as "
            + "ops@example.com"));
      } else if (!addresses.contains(a.asText().strip())) {
        addresses.add(a.asText().strip());
      }
    }
    return new Channel(Channel.EMAIL, null, null, addresses, null, null, null, null);
  }

  private static String key(JsonNode n, String field, List<FieldError> errors) {
    if (n == null || !n.isTextual() || !KEY.matcher(n.asText()).matches()) {
      // never quoted: it is a credential
      errors.add(new FieldError(field, "is required: 1.." + MAX_KEY + " letters, digits or . _ ~ + / = -"));
      return null;
    }
    return n.asText();
  }

  private static String region(JsonNode n, String field, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return "us";
    }
    if (!n.isTextual() || !Set.of("us", "eu").contains(n.asText())) {
      errors.add(new FieldError(field, "must be \"us\" or \"eu\", got " + Fields.shown(n)));
      return null;
    }
    return n.asText();
  }

  private String url(JsonNode n, String field, List<FieldError> errors) {
    if (n == null || !n.isTextual() || n.asText().isBlank() || n.asText().length() > MAX_URL) {
      errors.add(new FieldError(field, "is required: an http(s) URL of at most " + MAX_URL + " characters"));
      return null;
    }
    try {
      URI uri = new URI(n.asText().strip());
      String refusal = UrlPolicy.refusal(uri, policy);
      if (refusal != null) {
        errors.add(new FieldError(field, refusal));
        return null;
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      errors.add(new FieldError(field, "'" + Fields.shown(n) + "' is not a valid URL: " + e.getReason()));
      return null;
    }
  }
}
