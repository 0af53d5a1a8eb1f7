package downcheck.model.consensus;

import static downcheck.model.consensus.Fixtures.R;
import static downcheck.model.consensus.Fixtures.assess;
import static downcheck.model.consensus.Fixtures.down;
import static downcheck.model.consensus.Fixtures.error;
import static downcheck.model.consensus.Fixtures.regions;
import static downcheck.model.consensus.Fixtures.up;
import static downcheck.model.result.ErrorClass.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule 7 of {@link Consensus}: coverage x region agreement x agent agreement. */
class ConfidenceTest {
  static Stream<Arguments> confidences() {
    return Stream.of(
        argumentSet("every region answers and agrees: 1", regions(3), true, List.of(up("r1"), up("r2"), up("r3")), 1.0),
        argumentSet("one dissenting region of three: 0.8", regions(3), true,
            List.of(down("r1", TIMEOUT), up("r2"), up("r3")), 0.8),
        argumentSet("an even split: 0.7", regions(2), true, List.of(down("r1", TIMEOUT), up("r2")), 0.7),
        argumentSet("one missing region of three: 0.67", regions(3), true, List.of(up("r1"), up("r2")), 0.67),
        argumentSet("an ERROR region counts as missing: 0.67", regions(3), true, List.of(up("r1"), up("r2"), error("r3")), 0.67),
        argumentSet("one agent of three disagrees within its region: 0.67", regions(1), true,
            List.of(up("r1"), up("r1").agent("r1-a2"), down("r1", TIMEOUT).agent("r1-a3")), 0.67),
        argumentSet("missing and dissent multiply: 0.6 x 0.8 = 0.48", regions(5), true,
            List.of(down("r1", TIMEOUT), up("r2"), up("r3")), 0.48),
        argumentSet("PENDING is 0", regions(3), false, List.of(up("r1")), 0.0),
        argumentSet("nothing usable is 0", regions(3), true, List.of(error("r1")), 0.0),
        argumentSet("a provisional verdict counts the silent regions against it", regions(3), false,
            List.of(up("r1"), up("r2")), 0.67));
  }

  @ParameterizedTest
  @MethodSource("confidences")
  void confidenceFallsWithMissingRegionsAndDisagreement(List<String> expected, boolean deadline, List<R> rs, double confidence) {
    assertThat(assess(expected, deadline, rs).confidence()).isEqualTo(confidence);
  }
}
