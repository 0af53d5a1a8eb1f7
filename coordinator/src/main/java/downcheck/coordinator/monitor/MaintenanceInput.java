package downcheck.coordinator.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.model.monitor.MaintenanceWindow;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maintenance windows of a request body ({@code maintenance} of a monitor, {@code windows} of a
 * maintenance), validated: each bad field named by its place ({@code maintenance[0].timeZone})
 * with the value quoted. At most {@value #MAX_WINDOWS} windows.
 */
final class MaintenanceInput {
  static final int MAX_WINDOWS = 20;
  private static final Set<String> FIELDS = Set.of("start", "durationMinutes", "timeZone", "weekdays");
  private static final String EXAMPLE = "{\"start\": \"2026-12-24T22:00:00\", \"durationMinutes\": 120, "
      + "\"timeZone\": \"Europe/Berlin\", \"weekdays\": [\"SAT\"]}";

  private MaintenanceInput() {}

  /** The windows of {@code n} (absent: none), every bad one added to {@code errors}. */
  static List<MaintenanceWindow> windows(JsonNode n, String field, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_WINDOWS) {
      errors.add(new FieldError(field, "must be an array of at most " + MAX_WINDOWS + " windows such as " + EXAMPLE));
      return List.of();
    }
    List<MaintenanceWindow> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      MaintenanceWindow w = window(n.get(i), field + "[" + i + "]", errors);
      if (w != null) {
        out.add(w);
      }
    }
    return out;
  }

  private static MaintenanceWindow window(JsonNode w, String at, List<FieldError> errors) {
    if (!w.isObject()) {
      errors.add(new FieldError(at, "must be an object such as " + EXAMPLE));
      return null;
    }
    int before = errors.size();
    Fields.unknown(w, FIELDS, at, errors);
    LocalDateTime start = start(w.get("start"), at + ".start", errors);
    int minutes = (int) Fields.whole(w.get("durationMinutes"), at + ".durationMinutes", -1, 1,
        MaintenanceWindow.MAX_DURATION_MINUTES, " of minutes", "", errors);
    if (Fields.absent(w.get("durationMinutes"))) {
      errors.add(new FieldError(at + ".durationMinutes", "is required: a whole number of minutes in 1.."
          + MaintenanceWindow.MAX_DURATION_MINUTES));
    }
    String zone = zone(w.get("timeZone"), at + ".timeZone", errors);
    List<String> days = weekdays(w.get("weekdays"), at + ".weekdays", errors);
    if (errors.size() > before) {
      return null;
    }
    return new MaintenanceWindow(start, minutes, zone, days);
  }

  private static LocalDateTime start(JsonNode n, String field, List<FieldError> errors) {
    if (n == null || !n.isTextual()) {
      errors.add(new FieldError(field, "is required: a local date and time such as \"2026-12-24T22:00:00\" (no offset:"
          + " the window's timeZone says where)"));
      return null;
    }
    try {
      return LocalDateTime.parse(n.asText());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "'" + Fields.clip(n.asText()) + "' is not a local date and time such as "
          + "\"2026-12-24T22:00:00\" (no offset: the window's timeZone says where)"));
      return null;
    }
  }

  private static String zone(JsonNode n, String field, List<FieldError> errors) {
    if (n == null || !n.isTextual() || n.asText().length() > 64) {
      errors.add(new FieldError(field, "is required: an IANA time zone such as \"Europe/Berlin\", got " + Fields.shown(n)));
      return null;
    }
    try {
      MaintenanceWindow.zone(n.asText());
      return n.asText();
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(field, e.getMessage()));
      return null;
    }
  }

  private static List<String> weekdays(JsonNode n, String field, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return List.of();
    }
    if (!n.isArray() || n.size() > 7) {
      errors.add(new FieldError(field, "must be an array of " + String.join(", ", MaintenanceWindow.DAYS)));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode d : n) {
      String day = d.isTextual() ? d.asText().toUpperCase(Locale.ROOT) : null;
      if (day == null || !MaintenanceWindow.DAYS.contains(day)) {
        errors.add(new FieldError(field, Fields.shown(d) + " is not one of " + String.join(", ", MaintenanceWindow.DAYS)));
      } else if (!out.contains(day)) {
        out.add(day);
      }
    }
    return out;
  }
}
