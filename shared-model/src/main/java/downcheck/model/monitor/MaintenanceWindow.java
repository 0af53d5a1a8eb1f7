package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A time when a monitor's target is expected to be down, in the wall time of an IANA zone: once
 * at {@code start}, or, with {@code weekdays}, every one of those days at {@code start}'s time
 * of day, from {@code start}'s date on. A window lasts {@code durationMinutes} of real time,
 * whatever a daylight-saving change does to the wall clock meanwhile; a start that falls into a
 * spring-forward gap begins at the first instant after the gap, one in an autumn overlap at the
 * earlier of the two (docs/monitors.md, Maintenance).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MaintenanceWindow(LocalDateTime start, int durationMinutes, String timeZone, List<String> weekdays) {
  /** Seven days: a weekly window never overlaps its own next occurrence by more than a week. */
  public static final int MAX_DURATION_MINUTES = 7 * 24 * 60;
  public static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

  /** From {@code start} (inclusive) to {@code end} (exclusive). */
  public record Span(Instant start, Instant end) {
    public boolean contains(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }
  }

  public MaintenanceWindow {
    Objects.requireNonNull(start, "start");
    if (durationMinutes < 1 || durationMinutes > MAX_DURATION_MINUTES) {
      throw new IllegalArgumentException("durationMinutes must be 1.." + MAX_DURATION_MINUTES + ", got " + durationMinutes);
    }
    zone(timeZone);
    weekdays = weekdays == null ? List.of() : List.copyOf(weekdays);
    for (String d : weekdays) {
      if (!DAYS.contains(d)) {
        throw new IllegalArgumentException("'" + d + "' is not one of " + String.join(", ", DAYS));
      }
    }
  }

  /** The zone of an IANA name such as {@code Europe/Berlin}; fixed offsets ({@code +02:00}) and {@code UTC} too. */
  public static ZoneId zone(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a time zone is required, e.g. \"Europe/Berlin\"");
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + name + "' is not an IANA time zone such as \"Europe/Berlin\"");
    }
  }

  @JsonIgnore
  public boolean recurring() {
    return !weekdays.isEmpty();
  }

  /** The occurrence that holds {@code t}, if one does. */
  public Optional<Span> covering(Instant t) {
    if (!recurring()) {
      Span once = spanOn(start.toLocalDate());
      return once.contains(t) ? Optional.of(once) : Optional.empty();
    }
    ZoneId zone = zone(timeZone);
    LocalDate today = t.atZone(zone).toLocalDate();
    // an occurrence holding t began at most a week ago: look back a day further for the zone's offsets
    for (int back = 0; back <= 8; back++) {
      Optional<Span> s = occurrenceOn(today.minusDays(back)).filter(span -> span.contains(t));
      if (s.isPresent()) {
        return s;
      }
    }
    return Optional.empty();
  }

  /** The first occurrence that starts after {@code t}, if any is left. */
  public Optional<Span> nextAfter(Instant t) {
    if (!recurring()) {
      Span once = spanOn(start.toLocalDate());
      return once.start().isAfter(t) ? Optional.of(once) : Optional.empty();
    }
    LocalDate from = t.atZone(zone(timeZone)).toLocalDate().minusDays(1);
    if (from.isBefore(start.toLocalDate())) {
      from = start.toLocalDate();
    }
    for (int ahead = 0; ahead <= 9; ahead++) {
      Optional<Span> s = occurrenceOn(from.plusDays(ahead)).filter(span -> span.start().isAfter(t));
      if (s.isPresent()) {
        return s;
      }
    }
    return Optional.empty();
  }

  /** The occurrence that starts on that local date, if the window has one there. */
  private Optional<Span> occurrenceOn(LocalDate date) {
    if (date.isBefore(start.toLocalDate()) || !days().contains(date.getDayOfWeek())) {
      return Optional.empty();
    }
    return Optional.of(spanOn(date));
  }

  private Span spanOn(LocalDate date) {
    // ofLocal: a gap moves the start past it, an overlap takes the earlier offset
    Instant from = ZonedDateTime.ofLocal(LocalDateTime.of(date, start.toLocalTime()), zone(timeZone), null).toInstant();
    return new Span(from, from.plus(Duration.ofMinutes(durationMinutes)));
  }

  private Set<DayOfWeek> days() {
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String d : weekdays) {
      out.add(DayOfWeek.values()[DAYS.indexOf(d.toUpperCase(Locale.ROOT))]);
    }
    return out;
  }

  /**
   * The maintenance under way at {@code t} among {@code windows}: from the earliest start of
   * those that hold it to the end of the last one joined to them without a gap; empty when none
   * holds it.
   */
  public static Optional<Span> covering(List<MaintenanceWindow> windows, Instant t) {
    Span merged = null;
    for (MaintenanceWindow w : windows) {
      Optional<Span> s = w.covering(t);
      if (s.isPresent()) {
        merged = merged == null ? s.get() : new Span(min(merged.start(), s.get().start()), max(merged.end(), s.get().end()));
      }
    }
    // windows that hold its end continue it (bounded: a daily window of 24 hours would chain on forever)
    for (int i = 0; merged != null && i <= windows.size() * 2; i++) {
      Instant further = merged.end();
      for (MaintenanceWindow w : windows) {
        Optional<Span> s = w.covering(merged.end());
        if (s.isPresent() && s.get().end().isAfter(further)) {
          further = s.get().end();
        }
      }
      if (further.equals(merged.end())) {
        break;
      }
      merged = new Span(merged.start(), further);
    }
    return Optional.ofNullable(merged);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
