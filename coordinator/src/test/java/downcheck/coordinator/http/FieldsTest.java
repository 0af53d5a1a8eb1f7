package downcheck.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The field readers every API parser uses: a bad value is named with the message a client reads (docs/api.md). */
class FieldsTest {
  static Stream<Arguments> badValues() {
    BiFunction<JsonNode, List<FieldError>, Object> timeout =
        (n, e) -> Fields.whole(n, "timeoutMs", 10_000, 100, 30_000, " of milliseconds", "", e);
    BiFunction<JsonNode, List<FieldError>, Object> interval =
        (n, e) -> Fields.whole(n, "intervalSeconds", 60, 30, 86_400, "", " (the minimum here is 30 s)", e);
    BiFunction<JsonNode, List<FieldError>, Object> fresh = (n, e) -> Fields.bool(n, "fresh", e);
    BiFunction<JsonNode, List<FieldError>, Object> secret = (n, e) -> Fields.string(n, "secret", 4, true, e);
    BiFunction<JsonNode, List<FieldError>, Object> name = (n, e) -> Fields.string(n, "name", 4, false, e);
    return Stream.of(
        argumentSet("a timeout too short", timeout, "50",
            "must be a whole number of milliseconds in 100..30000, got 50"),
        argumentSet("a timeout as a string, quoted as written", timeout, "\"5000\"",
            "must be a whole number of milliseconds in 100..30000, got \"5000\""),
        argumentSet("a fraction", timeout, "500.5", "must be a whole number of milliseconds in 100..30000, got 500.5"),
        argumentSet("an interval below the minimum, with the note", interval, "5",
            "must be a whole number in 30..86400, got 5 (the minimum here is 30 s)"),
        argumentSet("not a boolean", fresh, "1", "must be true or false, got 1"),
        argumentSet("an empty secret", secret, "\"\"", "must be a non-empty string of at most 4 characters"),
        argumentSet("a secret too long", secret, "\"abcde\"", "must be a non-empty string of at most 4 characters"),
        argumentSet("a name not a string", name, "5", "must be a string of at most 4 characters"),
        argumentSet("a long value is clipped", fresh, "\"" + "y".repeat(100) + "\"",
            "must be true or false, got \"" + "y".repeat(79) + "…"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void aBadValueIsNamedWithItsMessageAndTheFallbackKept(BiFunction<JsonNode, List<FieldError>, Object> reader,
      String json, String message) {
    List<FieldError> errors = new ArrayList<>();
    reader.apply(Fields.tree(json), errors);
    assertThat(errors).singleElement().satisfies(e -> assertThat(e.message()).isEqualTo(message));
  }

  @Test
  void anAbsentOrNullFieldIsTheFallbackAndNoError() {
    List<FieldError> errors = new ArrayList<>();
    assertThat(Fields.whole(null, "timeoutMs", 10_000, 100, 30_000, "", "", errors)).isEqualTo(10_000);
    assertThat(Fields.whole(Fields.tree("null"), "timeoutMs", 10_000, 100, 30_000, "", "", errors)).isEqualTo(10_000);
    assertThat(Fields.bool(null, "fresh", errors)).isFalse();
    assertThat(Fields.optionalBool(Fields.tree("null"), "reachable", errors)).isNull();
    assertThat(Fields.string(null, "name", 4, true, errors)).isNull();
    assertThat(errors).isEmpty();
  }

  @Test
  void unknownFieldsAreNamedWhereTheyAre() {
    List<FieldError> errors = new ArrayList<>();
    Fields.unknown(Fields.tree("{\"type\":\"webhook\",\"x\":1,\"y\":2}"), Set.of("type"), "notify[0]", errors);
    Fields.unknown(Fields.tree("{\"target\":\"a\",\"z\":1}"), Set.of("target"), "", errors);
    assertThat(errors).extracting(FieldError::field).containsExactly("notify[0].x", "notify[0].y", "z");
    assertThat(errors).extracting(FieldError::message).containsOnly("unknown field");
  }

  @Test
  void aBodyThatIsNotJsonIsABadBodyWithTheParsersFirstLine() {
    assertThatThrownBy(() -> Fields.tree("{target:"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).singleElement().satisfies(f -> {
          assertThat(f.field()).isEqualTo("body");
          assertThat(f.message()).startsWith("not valid JSON: ").doesNotContain("\n");
        }));
  }
}
