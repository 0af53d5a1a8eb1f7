package downcheck.coordinator.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.model.check.AddressPolicy;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MaintenanceWindow;
import downcheck.model.monitor.MonitorState;
import downcheck.model.monitor.UrlPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The monitor's own fields of a {@code POST /api/v1/monitors} body, validated: every bad field
 * is named with the value quoted (the check's fields, target to expect, are validated as for a
 * check). Bounded: a name, a few channels, short secrets and URLs.
 */
record MonitorInput(String name, int intervalSeconds, int confirmations, List<MonitorState> notifyOn,
    List<Channel> channels, Integer certExpiryDays, List<MaintenanceWindow> maintenance) {
  static final Set<String> FIELDS = Set.of("name", "intervalSeconds", "confirmations", "notifyOn", "notify",
      "certExpiryDays", "maintenance");
  static final int MAX_CERT_EXPIRY_DAYS = 365;
  private static final Set<String> CHANNEL_FIELDS = Set.of("type", "url", "secret");
  static final int MAX_INTERVAL_SECONDS = 86_400;
  static final int MAX_CONFIRMATIONS = 10;
  static final int DEFAULT_CONFIRMATIONS = 2;
  static final int MAX_CHANNELS = 5;
  static final int MAX_NAME = 200;
  static final int MAX_URL = 2048;
  static final int MAX_SECRET = 256;
  static final List<MonitorState> DEFAULT_NOTIFY_ON = List.of(MonitorState.GLOBAL_OUTAGE, MonitorState.REGIONAL_OUTAGE);

  /**
   * The monitor's own fields of a body, every bad one added to {@code errors}; null when one was bad.
   *
   * @param minInterval  the coordinator's minimum {@code intervalSeconds}
   * @param policy       where notifications may go (the network's address policy)
   */
  static MonitorInput read(JsonNode root, int minInterval, AddressPolicy policy, List<FieldError> errors) {
    int before = errors.size();
    String name = name(root.get("name"), errors);
    int interval = (int) Fields.whole(root.get("intervalSeconds"), "intervalSeconds", Math.max(60, minInterval),
        minInterval, MAX_INTERVAL_SECONDS, "", " (the minimum here is " + minInterval + " s)", errors);
    int confirmations = (int) Fields.whole(root.get("confirmations"), "confirmations", DEFAULT_CONFIRMATIONS, 1,
        MAX_CONFIRMATIONS, "", "", errors);
    List<MonitorState> notifyOn = notifyOn(root.get("notifyOn"), errors);
    List<Channel> notify = channels(root.get("notify"), "notify", policy, errors);
    Integer certDays = Fields.absent(root.get("certExpiryDays")) ? null : (int) Fields.whole(root.get("certExpiryDays"),
        "certExpiryDays", 0, 1, MAX_CERT_EXPIRY_DAYS, " of days", "", errors);
    List<MaintenanceWindow> maintenance = MaintenanceInput.windows(root.get("maintenance"), "maintenance", errors);
    return errors.size() > before ? null
        : new MonitorInput(name, interval, confirmations, notifyOn, notify, certDays, maintenance);
  }

  /** Channels of a {@code notify} array (also the body of {@code /watch}). */
  static List<Channel> channels(JsonNode n, String field, AddressPolicy policy, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_CHANNELS) {
      errors.add(new FieldError(field, "must be an array of at most " + MAX_CHANNELS + " channels"));
      return List.of();
    }
    List<Channel> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      Channel c = channel(n.get(i), field + "[" + i + "]", policy, errors);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  private static Channel channel(JsonNode c, String at, AddressPolicy policy, List<FieldError> errors) {
    if (!c.isObject()) {
      errors.add(new FieldError(at, "must be an object: {\"type\": \"webhook\", \"url\": \"https://…\", \"secret\": \"…\"}"));
      return null;
    }
    int before = errors.size();
    Fields.unknown(c, CHANNEL_FIELDS, at, errors);
    JsonNode type = c.get("type");
    if (type == null || !type.isTextual() || !Set.of(Channel.WEBHOOK, Channel.SLACK).contains(type.asText())) {
      errors.add(new FieldError(at + ".type", "must be \"webhook\" or \"slack\", got " + Fields.shown(type)));
    }
    String url = url(c.get("url"), at + ".url", policy, errors);
    String secret = Fields.string(c.get("secret"), at + ".secret", MAX_SECRET, true, errors);
    if (errors.size() > before) {
      return null;
    }
    return new Channel(type.asText(), url, secret);
  }

  private static String url(JsonNode n, String field, AddressPolicy policy, List<FieldError> errors) {
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

  private static String name(JsonNode n, List<FieldError> errors) {
    String name = Fields.string(n, "name", MAX_NAME, false, errors);
    return name == null ? null : name.strip();
  }

  private static List<MonitorState> notifyOn(JsonNode n, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return DEFAULT_NOTIFY_ON;
    }
    if (!n.isArray() || n.size() > 3) {
      errors.add(new FieldError("notifyOn", "must be an array of GLOBAL_OUTAGE, REGIONAL_OUTAGE, DEGRADED"));
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
        errors.add(new FieldError("notifyOn", Fields.shown(s) + " is not one of GLOBAL_OUTAGE, REGIONAL_OUTAGE, DEGRADED"));
      } else if (!out.contains(state)) {
        out.add(state);
      }
    }
    return out;
  }
}
