package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.model.agent.Location;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code perRegion}, {@code locations} and {@code limit} of a check body (docs/api.md). */
class EyesTest {
  static Submission parse(String more) {
    return Submission.parse("{\"target\":\"example.com\"" + more + "}");
  }

  @Test
  void withoutThemOneAgentOfEachRegionsGroupAnswersAsBefore() {
    Eyes eyes = parse("").eyes();
    assertThat(eyes).isEqualTo(Eyes.ONE_PER_REGION);
    assertThat(eyes.isDefault()).isTrue();
    assertThat(eyes.key()).as("the coalescing key of a default check is as it was").isEmpty();
    assertThat(parse(",\"perRegion\":1").eyes().isDefault()).isTrue();
  }

  @Test
  void agentsPerRegionAndAgentsByPlaceAreRead() {
    assertThat(parse(",\"perRegion\":2").eyes()).isEqualTo(new Eyes(2, List.of(), 0));
    Eyes byPlace = parse(",\"locations\":[{\"country\":\"de\"},{\"provider\":\"hetzner\"},{\"asn\":3320},"
        + "{\"city\":\"Berlin\"},{\"tag\":\"eyeball\"}],\"limit\":3").eyes();
    assertThat(byPlace.locations()).containsExactly(new Location("DE", null, null, null, null),
        new Location(null, null, "hetzner", null, null), new Location(null, null, null, 3320L, null),
        new Location(null, "Berlin", null, null, null), new Location(null, null, null, null, List.of("eyeball")));
    assertThat(byPlace.limit()).isEqualTo(3);
    assertThat(parse(",\"locations\":[{\"country\":\"DE\"},{\"country\":\"FR\"}]").eyes().limit())
        .as("one agent per location by default").isEqualTo(2);
  }

  @Test
  void differentEyesAreDifferentQuestions() {
    assertThat(parse(",\"perRegion\":2").eyes().key()).isNotEqualTo(parse(",\"perRegion\":3").eyes().key());
    assertThat(parse(",\"locations\":[{\"country\":\"DE\"}]").eyes().key())
        .isNotEqualTo(parse(",\"locations\":[{\"country\":\"DE\"}],\"limit\":2").eyes().key())
        .isNotEqualTo(parse(",\"locations\":[{\"country\":\"FR\"}]").eyes().key());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "perRegion 0                 | ,\"perRegion\":0                                | perRegion",
      "perRegion 6                 | ,\"perRegion\":6                                | perRegion",
      "perRegion a string          | ,\"perRegion\":\"2\"                            | perRegion",
      "limit 21                    | ,\"locations\":[{\"country\":\"DE\"}],\"limit\":21 | limit",
      "limit without locations     | ,\"limit\":2                                    | limit",
      "perRegion with locations    | ,\"perRegion\":2,\"locations\":[{\"asn\":3320}]   | perRegion",
      "locations not an array      | ,\"locations\":{\"country\":\"DE\"}             | locations",
      "locations empty             | ,\"locations\":[]                               | locations",
      "two fields in one place     | ,\"locations\":[{\"country\":\"DE\",\"city\":\"Berlin\"}] | locations[0]",
      "a place not an object       | ,\"locations\":[\"DE\"]                         | locations[0]",
      "an unknown key              | ,\"locations\":[{\"continent\":\"EU\"}]         | locations[0].continent",
      "a country that is none      | ,\"locations\":[{\"asn\":3320},{\"country\":\"XX\"}] | locations[1].country",
      "a private AS                | ,\"locations\":[{\"asn\":64512}]                | locations[0].asn",
      "an AS as a string           | ,\"locations\":[{\"asn\":\"AS3320\"}]           | locations[0].asn",
      "a provider in capitals      | ,\"locations\":[{\"provider\":\"Hetzner\"}]     | locations[0].provider",
  })
  void aBadFieldIsNamed(String name, String more, String field) {
    assertThatThrownBy(() -> parse(more)).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly(field));
  }

  @Test
  void elevenLocationsAreTooMany() {
    String eleven = ",\"locations\":[" + "{\"country\":\"DE\"},".repeat(10) + "{\"country\":\"FR\"}]";
    assertThatThrownBy(() -> parse(eleven)).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("locations"));
  }
}
