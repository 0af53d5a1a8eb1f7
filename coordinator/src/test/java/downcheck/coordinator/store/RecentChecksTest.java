package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.check.Expect;
import downcheck.model.check.Target;
import java.util.List;
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
}
