package downcheck.model.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import downcheck.model.monitor.MaintenanceWindow.Span;
import downcheck.model.wire.Codec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** When a maintenance window is under way: wall time of its zone, across daylight saving and the date line. */
class MaintenanceWindowTest {
  static MaintenanceWindow window(String start, int minutes, String zone, String... days) {
    return new MaintenanceWindow(LocalDateTime.parse(start), minutes, zone, List.of(days));
  }

  static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void aOneOffWindowHoldsItsLocalTimeInItsZoneAndEndsExclusive() {
    MaintenanceWindow w = window("2026-12-24T22:00:00", 120, "Europe/Berlin"); // UTC+1 in winter
    assertThat(w.covering(at("2026-12-24T21:00:00Z"))).contains(new Span(at("2026-12-24T21:00:00Z"), at("2026-12-24T23:00:00Z")));
    assertThat(w.covering(at("2026-12-24T22:59:59Z"))).isPresent();
    assertThat(w.covering(at("2026-12-24T20:59:59Z"))).isEmpty();
    assertThat(w.covering(at("2026-12-24T23:00:00Z"))).isEmpty();
    assertThat(w.nextAfter(at("2026-12-01T00:00:00Z")).map(Span::start)).contains(at("2026-12-24T21:00:00Z"));
    assertThat(w.nextAfter(at("2026-12-24T21:00:00Z"))).as("a one-off window does not come back").isEmpty();
  }

  @Test
  void aWeeklyWindowCrossingMidnightHoldsTheNextDaysMorningAndFollowsTheSummerOffset() {
    MaintenanceWindow w = window("2026-01-01T23:00:00", 120, "Europe/Berlin", "SAT");
    // Saturday 2026-07-04 23:00 Berlin (UTC+2) to Sunday 01:00
    assertThat(w.covering(at("2026-07-04T22:30:00Z"))).contains(new Span(at("2026-07-04T21:00:00Z"), at("2026-07-04T23:00:00Z")));
    // the same Saturday in winter is an hour later in UTC
    assertThat(w.covering(at("2026-12-05T22:30:00Z"))).contains(new Span(at("2026-12-05T22:00:00Z"), at("2026-12-06T00:00:00Z")));
    assertThat(w.covering(at("2026-07-05T22:30:00Z"))).as("Sunday is not a window day").isEmpty();
    assertThat(w.covering(at("2025-12-27T22:30:00Z"))).as("not before the start's date").isEmpty();
  }

  @Test
  void aWindowInAZoneAcrossTheDateLineFallsOnTheUtcDayBefore() {
    // Saturday 10:00 at UTC+14 is Friday 20:00 UTC
    MaintenanceWindow w = window("2026-01-01T10:00:00", 60, "Pacific/Kiritimati", "SAT");
    assertThat(w.covering(at("2026-12-04T20:30:00Z"))).contains(new Span(at("2026-12-04T20:00:00Z"), at("2026-12-04T21:00:00Z")));
    assertThat(w.covering(at("2026-12-05T20:30:00Z"))).isEmpty();
    assertThat(w.nextAfter(at("2026-12-04T21:00:00Z")).map(Span::start)).contains(at("2026-12-11T20:00:00Z"));
    // and at UTC-10 the same wall time is the UTC evening of that Saturday
    MaintenanceWindow honolulu = window("2026-01-01T10:00:00", 60, "Pacific/Honolulu", "SAT");
    assertThat(honolulu.covering(at("2026-12-05T20:30:00Z"))).isPresent();
  }

  @Test
  void aStartInTheSpringGapBeginsAfterItAndLastsItsRealMinutes() {
    // 2027-03-28 02:00 Berlin jumps to 03:00: 02:30 does not exist that night
    MaintenanceWindow w = window("2027-03-01T02:30:00", 60, "Europe/Berlin", "SUN");
    assertThat(w.covering(at("2027-03-28T01:30:00Z"))).contains(new Span(at("2027-03-28T01:30:00Z"), at("2027-03-28T02:30:00Z")));
    assertThat(w.covering(at("2027-03-28T01:29:59Z"))).isEmpty();
  }

  @Test
  void aStartInTheAutumnOverlapTakesTheEarlierOffsetAndLastsItsRealMinutes() {
    // 2026-10-25 03:00 Berlin falls back to 02:00: 02:30 happens twice, the first at 00:30 UTC
    MaintenanceWindow w = window("2026-10-01T02:30:00", 120, "Europe/Berlin", "SUN");
    assertThat(w.covering(at("2026-10-25T00:30:00Z"))).contains(new Span(at("2026-10-25T00:30:00Z"), at("2026-10-25T02:30:00Z")));
    assertThat(w.covering(at("2026-10-25T02:30:00Z"))).as("120 real minutes, not wall-clock ones").isEmpty();
  }

  @Test
  void windowsThatFollowEachOtherAreOneMaintenance() {
    List<MaintenanceWindow> ws = List.of(window("2026-12-24T22:00:00", 60, "Europe/Berlin"),
        window("2026-12-24T21:00:00", 60, "UTC"), window("2026-12-25T05:00:00", 60, "UTC"));
    assertThat(MaintenanceWindow.covering(ws, at("2026-12-24T21:10:00Z")))
        .contains(new Span(at("2026-12-24T21:00:00Z"), at("2026-12-24T22:00:00Z")));
    assertThat(MaintenanceWindow.covering(ws, at("2026-12-24T21:50:00Z")).map(Span::end)).contains(at("2026-12-24T22:00:00Z"));
    List<MaintenanceWindow> chained = List.of(window("2026-12-24T20:00:00", 60, "UTC"), window("2026-12-24T21:00:00", 30, "UTC"));
    assertThat(MaintenanceWindow.covering(chained, at("2026-12-24T20:10:00Z")))
        .contains(new Span(at("2026-12-24T20:00:00Z"), at("2026-12-24T21:30:00Z")));
    assertThat(MaintenanceWindow.covering(ws, at("2026-12-25T00:00:00Z"))).isEmpty();
    assertThat(MaintenanceWindow.covering(List.of(window("2026-01-01T00:00:00", 1440, "UTC", MaintenanceWindow.DAYS
        .toArray(String[]::new))), at("2026-12-24T20:10:00Z"))).as("a window every day all day ends somewhere").isPresent();
  }

  @Test
  void aWindowReadsBackFromTheJsonTheApiShows() {
    MaintenanceWindow w = window("2026-12-24T22:00:00", 120, "Europe/Berlin", "SAT");
    String json = Codec.toJson(w);
    assertThat(json).isEqualTo("{\"start\":\"2026-12-24T22:00:00\",\"durationMinutes\":120,"
        + "\"timeZone\":\"Europe/Berlin\",\"weekdays\":[\"SAT\"]}");
    assertThat(Codec.fromJson(json, MaintenanceWindow.class)).isEqualTo(w);
    assertThat(Codec.toJson(window("2026-12-24T22:00:00", 120, "UTC"))).doesNotContain("weekdays");
  }

  @Test
  void badWindowsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> window("2026-12-24T22:00:00", 60, "Europe/Gotham")).hasMessageContaining("Europe/Gotham");
    assertThatThrownBy(() -> window("2026-12-24T22:00:00", 60, "UTC", "SATURDAY")).hasMessageContaining("SATURDAY");
    assertThatThrownBy(() -> window("2026-12-24T22:00:00", 0, "UTC")).hasMessageContaining("durationMinutes");
    assertThatThrownBy(() -> window("2026-12-24T22:00:00", MaintenanceWindow.MAX_DURATION_MINUTES + 1, "UTC"))
        .hasMessageContaining("durationMinutes");
  }

  static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati",
      "Pacific/Pago_Pago", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago");

  @Provide
  Arbitrary<MaintenanceWindow> windows() {
    Arbitrary<LocalDateTime> start = Arbitraries.longs().between(0, 3L * 365 * 24 * 60)
        .map(m -> LocalDateTime.parse("2025-01-01T00:00:00").plusMinutes(m));
    Arbitrary<Integer> minutes = Arbitraries.integers().between(1, 3 * 24 * 60);
    Arbitrary<String> zone = Arbitraries.of(ZONES);
    Arbitrary<List<String>> days = Arbitraries.of(MaintenanceWindow.DAYS).list().uniqueElements().ofMaxSize(7);
    return Combinators.combine(start, minutes, zone, days).as(MaintenanceWindow::new);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(0, 4L * 365 * 24 * 3600).map(s -> Instant.parse("2025-01-01T00:00:00Z").plusSeconds(s));
  }

  @Property(tries = 500)
  void aCoveringOccurrenceHoldsTheInstantForItsFullDurationAndStartsOnAWindowDay(@ForAll("windows") MaintenanceWindow w,
      @ForAll("instants") Instant t) {
    Optional<Span> s = w.covering(t);
    s.ifPresent(span -> {
      assertThat(span.contains(t)).isTrue();
      assertThat(Duration.between(span.start(), span.end())).isEqualTo(Duration.ofMinutes(w.durationMinutes()));
      DayOfWeek day = span.start().atZone(ZoneId.of(w.timeZone())).getDayOfWeek();
      if (w.recurring()) {
        // a start in a spring gap moves past it, at most onto the next day's early hours
        assertThat(List.of(day, day.minus(1)).stream().map(d -> MaintenanceWindow.DAYS.get(d.ordinal())))
            .containsAnyElementsOf(w.weekdays());
      }
    });
  }

  @Property(tries = 500)
  void theNextOccurrenceStartsAfterTheInstantIsUnderWayThenAndComesWithinEightDaysForAWeeklyWindow(
      @ForAll("windows") MaintenanceWindow w, @ForAll("instants") Instant t) {
    Optional<Span> next = w.nextAfter(t);
    next.ifPresent(span -> {
      assertThat(span.start()).isAfter(t);
      assertThat(w.covering(span.start())).isPresent();
    });
    Instant firstDay = w.start().minusDays(1).atZone(ZoneId.of(w.timeZone())).toInstant();
    if (w.recurring() && t.isAfter(firstDay)) {
      assertThat(next).isPresent();
      assertThat(Duration.between(t, next.get().start())).isLessThanOrEqualTo(Duration.ofDays(8));
    }
    if (next.isPresent() && w.covering(t).isEmpty()) {
      // nothing is under way between t and the next start (looked at every 10 minutes)
      for (Instant x = t; x.isBefore(next.get().start()) && x.isBefore(t.plus(Duration.ofDays(1)));
          x = x.plus(Duration.ofMinutes(10))) {
        assertThat(w.covering(x)).as("at %s before %s", x, next.get().start()).isEmpty();
      }
    }
  }
}
