package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.check.CheckOptions;
import downcheck.model.check.Expect;
import downcheck.model.check.HeaderMatch;
import downcheck.model.check.JsonMatch;
import downcheck.model.check.RequestShape;
import downcheck.model.check.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentChecksTest {
  static final Target EXAMPLE = Target.parse("Example.com", null);

  @Test
  void theSameProbesAskedAgainHaveTheSameKey() {
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west", "us-east"), Expect.DEFAULT, 10_000))
        .isEqualTo(RecentChecks.key(Target.parse("https://example.com/", null), List.of("us-east", "eu-west"),
            Expect.DEFAULT, 10_000));
  }

  @Test
  void otherRegionsExpectationsOrTimeoutAreOtherProbes() {
    String base = RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west", "us-east"), Expect.DEFAULT, 10_000)).isNotEqualTo(base);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), new Expect(List.of(200), null), 10_000)).isNotEqualTo(base);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), new Expect(List.of(), "ok"), 10_000)).isNotEqualTo(base);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 5_000)).isNotEqualTo(base);
    assertThat(RecentChecks.key(Target.parse("http://example.com/", null), List.of("eu-west"), Expect.DEFAULT, 10_000))
        .isNotEqualTo(base);
  }

  @Test
  void anotherIpFamilyIsAnotherQuestion() {
    String either = RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000, CheckOptions.DEFAULT);
    String v4 = RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000, ipVersion(4));
    String v6 = RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000, ipVersion(6));
    assertThat(List.of(either, v4, v6)).doesNotHaveDuplicates();
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000, ipVersion(6))).isEqualTo(v6);
  }

  private static CheckOptions ipVersion(int version) {
    return new CheckOptions(null, version, null, null, null);
  }

  @Test
  void anotherMethodHeaderBodyOrExpectationIsAnotherQuestion() {
    CheckOptions post = options("POST", Map.of("X-Token", "a"), "{\"q\":1}");
    String base = RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000, post);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000,
        options("POST", Map.of("X-Token", "a"), "{\"q\":1}"))).isEqualTo(base);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000, CheckOptions.DEFAULT))
        .isEqualTo(RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000)).isNotEqualTo(base);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000,
        options("PUT", Map.of("X-Token", "a"), "{\"q\":1}"))).isNotEqualTo(base);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000,
        options("POST", Map.of("X-Token", "b"), "{\"q\":1}"))).isNotEqualTo(base);
    assertThat(RecentChecks.key(EXAMPLE, List.of("eu-west"), Expect.DEFAULT, 10_000,
        options("POST", Map.of("X-Token", "a"), "{\"q\":2}"))).isNotEqualTo(base);
    Expect json = new Expect(List.of(), null, null, null, List.of(), List.of(new JsonMatch("/a", 1)));
    Expect header = new Expect(List.of(), null, null, null, List.of(new HeaderMatch("X", null)), List.of());
    Expect notContains = new Expect(List.of(), null, "x", null, List.of(), List.of());
    Expect matches = new Expect(List.of(), null, null, "x", List.of(), List.of());
    assertThat(List.of(json, header, notContains, matches, Expect.DEFAULT).stream()
        .map(e -> RecentChecks.key(EXAMPLE, List.of("eu-west"), e, 10_000, CheckOptions.DEFAULT)).distinct())
        .hasSize(5);
  }

  static CheckOptions options(String method, Map<String, String> headers, String body) {
    return new CheckOptions(new RequestShape(method, headers, body), null, null, null, null);
  }
}
