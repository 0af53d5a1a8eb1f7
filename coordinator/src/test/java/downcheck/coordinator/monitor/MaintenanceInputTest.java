package downcheck.coordinator.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.coordinator.http.FieldError;
import downcheck.model.monitor.MaintenanceWindow;
import downcheck.model.wire.Codec;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Maintenance windows of a body: each bad field named by its place, the value quoted, the count bounded. */
class MaintenanceInputTest {
  static List<FieldError> errors(String json) {
    List<FieldError> errors = new ArrayList<>();
    try {
      MaintenanceInput.windows(Codec.mapper().readTree(json), "maintenance", errors);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return errors;
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        argumentSet("a zone that is not IANA", "[{\"start\":\"2026-12-24T22:00:00\",\"durationMinutes\":60,"
            + "\"timeZone\":\"Mars/Olympus\"}]", "maintenance[0].timeZone", "Mars/Olympus"),
        argumentSet("a start with an offset", "[{\"start\":\"2026-12-24T22:00:00+01:00\",\"durationMinutes\":60,"
            + "\"timeZone\":\"UTC\"}]", "maintenance[0].start", "2026-12-24T22:00:00+01:00"),
        argumentSet("no duration", "[{\"start\":\"2026-12-24T22:00:00\",\"timeZone\":\"UTC\"}]",
            "maintenance[0].durationMinutes", "required"),
        argumentSet("a duration past a week", "[{\"start\":\"2026-12-24T22:00:00\",\"durationMinutes\":10081,"
            + "\"timeZone\":\"UTC\"}]", "maintenance[0].durationMinutes", "10081"),
        argumentSet("a day that is none", "[{\"start\":\"2026-12-24T22:00:00\",\"durationMinutes\":60,"
            + "\"timeZone\":\"UTC\",\"weekdays\":[\"SAT\",\"FUNDAY\"]}]", "maintenance[0].weekdays", "FUNDAY"),
        argumentSet("an unknown field", "[{\"start\":\"2026-12-24T22:00:00\",\"durationMinutes\":60,"
            + "\"timeZone\":\"UTC\",\"every\":\"day\"}]", "maintenance[0].every", "unknown"),
        argumentSet("not an array", "{}", "maintenance", "at most 20"),
        argumentSet("more than 20", "[" + String.join(",", java.util.Collections.nCopies(21, "{}")) + "]",
            "maintenance", "at most 20"));
  }

  @ParameterizedTest
  @MethodSource("bad")
  void aBadWindowIsNamedByItsPlace(String json, String field, String quoted) {
    List<FieldError> errors = errors(json);
    assertThat(errors).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.message()).contains(quoted);
    });
  }

  @Test
  void goodWindowsAreReadWithTheirDaysInCapitals() {
    List<FieldError> errors = new ArrayList<>();
    List<MaintenanceWindow> ws;
    try {
      ws = MaintenanceInput.windows(Codec.mapper().readTree("[{\"start\":\"2026-12-24T22:00:00\",\"durationMinutes\":120,"
          + "\"timeZone\":\"Europe/Berlin\",\"weekdays\":[\"sat\",\"SAT\"]}]"), "maintenance", errors);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(errors).isEmpty();
    assertThat(ws).containsExactly(new MaintenanceWindow(LocalDateTime.parse("2026-12-24T22:00:00"), 120, "Europe/Berlin",
        List.of("SAT")));
  }
}
