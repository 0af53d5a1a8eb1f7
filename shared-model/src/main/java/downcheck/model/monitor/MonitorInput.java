package downcheck.model.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The monitor's own fields of a {@code POST /api/v1/monitors} body, validated: every bad field
 * is named with the value quoted (the check's fields, target to expect, are validated as for a
 * check). Bounded: a name, a few channels, short secrets and URLs.
 */
public record MonitorInput(String name, int intervalSeconds, int confirmations, List<MonitorState> notifyOn,
    List<Channel> channels) {
  public static final Set<String> FIELDS = Set.of("name", "intervalSeconds", "confirmations", "notifyOn", "notify");
  public static final int MAX_INTERVAL_SECONDS = 86_400;
  public static final int MAX_CONFIRMATIONS = 10;
  public static final int DEFAULT_CONFIRMATIONS = 2;
  public static final int MAX_CHANNELS = 5;
  public static final int MAX_NAME = 200;
  public static final int MAX_URL = 2048;
  public static final int MAX_SECRET = 256;
  public static final List<MonitorState> DEFAULT_NOTIFY_ON = List.of(MonitorState.GLOBAL_OUTAGE, MonitorState.REGIONAL_OUTAGE);

  /** The fields parsed, or the violations; never both empty-handed. */
  public record Parsed(MonitorInput input, List<Violation> violations) {}

  /**
   * @param minInterval  the coordinator's minimum {@code intervalSeconds}
   * @param allowPrivate webhook URLs may name private or loopback destinations
   */
  public static Parsed parse(JsonNode root, int minInterval, boolean allowPrivate) {
    List<Violation> errors = new ArrayList<>();
    String name = name(root.get("name"), errors);
    int interval = (int) whole(root.get("intervalSeconds"), "intervalSeconds", Math.max(60, minInterval), minInterval,
        MAX_INTERVAL_SECONDS, errors, " (the minimum here is " + minInterval + " s)");
    int confirmations = (int) whole(root.get("confirmations"), "confirmations", DEFAULT_CONFIRMATIONS, 1,
        MAX_CONFIRMATIONS, errors, "");
    List<MonitorState> notifyOn = notifyOn(root.get("notifyOn"), errors);
    List<Channel> notify = channels(root.get("notify"), "notify", allowPrivate, errors);
    MonitorInput input = errors.isEmpty() ? new MonitorInput(name, interval, confirmations, notifyOn, notify) : null;
    return new Parsed(input, errors);
  }

  /** Channels of a {@code notify} array (also the body of {@code /watch}). */
  public static List<Channel> channels(JsonNode n, String field, boolean allowPrivate, List<Violation> errors) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_CHANNELS) {
      errors.add(new Violation(field, "must be an array of at most " + MAX_CHANNELS + " channels"));
      return List.of();
    }
    List<Channel> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      Channel c = channel(n.get(i), field + "[" + i + "]", allowPrivate, errors);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  private static Channel channel(JsonNode c, String at, boolean allowPrivate, List<Violation> errors) {
    if (!c.isObject()) {
      errors.add(new Violation(at, "must be an object: {\"type\": \"webhook\", \"url\": \"https://…\", \"secret\": \"…\"}"));
      return null;
    }
    int before = errors.size();
    Iterator<String> names = c.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!Set.of("type", "url", "secret").contains(f)) {
        errors.add(new Violation(at + "." + f, "unknown field"));
      }
    }
    JsonNode type = c.get("type");
    if (type == null || !type.isTextual() || !Set.of(Channel.WEBHOOK, Channel.SLACK).contains(type.asText())) {
      errors.add(new Violation(at + ".type", "must be \"webhook\" or \"slack\", got " + clip(type)));
    }
    String url = url(c.get("url"), at + ".url", allowPrivate, errors);
    JsonNode secret = c.get("secret");
    if (secret != null && !secret.isNull()
        && (!secret.isTextual() || secret.asText().isEmpty() || secret.asText().length() > MAX_SECRET)) {
      errors.add(new Violation(at + ".secret", "must be a non-empty string of at most " + MAX_SECRET + " characters"));
    }
    if (errors.size() > before) {
      return null;
    }
    return new Channel(type.asText(), url, secret == null || secret.isNull() ? null : secret.asText());
  }

  private static String url(JsonNode n, String field, boolean allowPrivate, List<Violation> errors) {
    if (n == null || !n.isTextual() || n.asText().isBlank() || n.asText().length() > MAX_URL) {
      errors.add(new Violation(field, "is required: an http(s) URL of at most " + MAX_URL + " characters"));
      return null;
    }
    try {
      URI uri = new URI(n.asText().strip());
      String refusal = UrlPolicy.refusal(uri, allowPrivate);
      if (refusal != null) {
        errors.add(new Violation(field, refusal));
        return null;
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      errors.add(new Violation(field, "'" + clip(n) + "' is not a valid URL: " + e.getReason()));
      return null;
    }
  }

  private static String name(JsonNode n, List<Violation> errors) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() || n.asText().length() > MAX_NAME) {
      errors.add(new Violation("name", "must be a string of at most " + MAX_NAME + " characters"));
      return null;
    }
    return n.asText().strip();
  }

  private static long whole(JsonNode n, String field, long fallback, long min, long max, List<Violation> errors,
      String note) {
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      errors.add(new Violation(field, "must be a whole number in " + min + ".." + max + ", got " + clip(n) + note));
      return fallback;
    }
    return n.asLong();
  }

  private static List<MonitorState> notifyOn(JsonNode n, List<Violation> errors) {
    if (n == null || n.isNull()) {
      return DEFAULT_NOTIFY_ON;
    }
    if (!n.isArray() || n.size() > 3) {
      errors.add(new Violation("notifyOn", "must be an array of GLOBAL_OUTAGE, REGIONAL_OUTAGE, DEGRADED"));
      return DEFAULT_NOTIFY_ON;
    }
    List<MonitorState> out = new ArrayList<>();
    for (JsonNode s : n) {
      MonitorState state = null;
      try {
        state = s.isTextual() ? MonitorState.valueOf(s.asText()) : null;
      } catch (IllegalArgumentException e) {
        // named below
      }
      if (state == null || !state.isIncident()) {
        errors.add(new Violation("notifyOn", clip(s) + " is not one of GLOBAL_OUTAGE, REGIONAL_OUTAGE, DEGRADED"));
      } else if (!out.contains(state)) {
        out.add(state);
      }
    }
    return out;
  }

  private static String clip(JsonNode n) {
    String s = n == null ? "null" : n.isTextual() ? n.asText() : n.toString();
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
