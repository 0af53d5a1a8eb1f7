package downcheck.coordinator.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.coordinator.monitor.channel.ChannelInput;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MaintenanceWindow;
import downcheck.model.monitor.MonitorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The monitor's own fields of a {@code POST /api/v1/monitors} body, validated: every bad field
 * is named with the value quoted (the check's fields, target to expect, are validated as for a
 * check; the channels by {@link ChannelInput}). Bounded: a name, a few channels.
 */
record MonitorInput(String name, int intervalSeconds, int confirmations, List<MonitorState> notifyOn,
    List<Channel> channels, Integer certExpiryDays, List<MaintenanceWindow> maintenance) {
  static final Set<String> FIELDS = Set.of("name", "intervalSeconds", "confirmations", "notifyOn", "notify",
      "certExpiryDays", "maintenance");
  static final int MAX_CERT_EXPIRY_DAYS = 365;
  static final int MAX_INTERVAL_SECONDS = 86_400;
  static final int MAX_CONFIRMATIONS = 10;
  static final int DEFAULT_CONFIRMATIONS = 2;
  static final int MAX_NAME = 200;
  static final List<MonitorState> DEFAULT_NOTIFY_ON = List.of(MonitorState.GLOBAL_OUTAGE, MonitorState.REGIONAL_OUTAGE);

  /**
   * The monitor's own fields of a body, every bad one added to {@code errors}; null when one was bad.
   *
   * @param minInterval  the coordinator's minimum {@code intervalSeconds}
   * @param channels     validates the {@code notify} entries (where notifications may go, email on or off)
   */
  static MonitorInput read(JsonNode root, int minInterval, ChannelInput channels, List<FieldError> errors) {
    int before = errors.size();
    String name = name(root.get("name"), errors);
    int interval = (int) Fields.whole(root.get("intervalSeconds"), "intervalSeconds", Math.max(60, minInterval),
        minInterval, MAX_INTERVAL_SECONDS, "", " (the minimum here is " + minInterval + " s)", errors);
    int confirmations = (int) Fields.whole(root.get("confirmations"), "confirmations", DEFAULT_CONFIRMATIONS, 1,
        MAX_CONFIRMATIONS, "", "", errors);
    List<MonitorState> notifyOn = notifyOn(root.get("notifyOn"), errors);
    List<Channel> notify = channels.channels(root.get("notify"), "notify", errors);
    Integer certDays = Fields.absent(root.get("certExpiryDays")) ? null : (int) Fields.whole(root.get("certExpiryDays"),
        "certExpiryDays", 0, 1, MAX_CERT_EXPIRY_DAYS, " of days", "", errors);
    List<MaintenanceWindow> maintenance = MaintenanceInput.windows(root.get("maintenance"), "maintenance", errors);
    return errors.size() > before ? null
        : new MonitorInput(name, interval, confirmations, notifyOn, notify, certDays, maintenance);
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
