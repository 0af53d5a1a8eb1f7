package downcheck.model.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.result.Hop;
import downcheck.model.result.TracePath;
import downcheck.model.verdict.PathSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathSplitsTest {

  /** A trace from addresses by TTL, starting at 1; "*" is a hop that did not answer. */
  static TracePath path(boolean reached, String... addresses) {
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i < addresses.length; i++) {
      String a = addresses[i].equals("*") ? null : addresses[i];
      hops.add(new Hop(i + 1, a, null, a == null ? null : 1.0 + i, a == null ? 1.0 : 0.0));
    }
    return new TracePath("tcp", hops, reached);
  }

  static Stream<Arguments> splits() {
    return Stream.of(
        Arguments.of(Named.of("a shared path that stops at a hop the healthy one passes",
            path(false, "10.0.0.1", "10.0.1.1", "*", "*")),
            path(true, "10.0.0.1", "10.0.1.1", "10.0.2.1", "192.0.2.10"), "10.0.1.1", "10.0.2.1"),
        Arguments.of(Named.of("different first routers, no shared hop: compared by TTL",
            path(false, "10.1.0.1", "*", "*")),
            path(true, "10.2.0.1", "10.3.0.2"), "10.1.0.1", "10.3.0.2"),
        Arguments.of(Named.of("a silent hop on the healthy side is skipped",
            path(false, "10.0.0.1", "*", "*")),
            path(true, "10.0.0.1", "*", "10.0.2.1"), "10.0.0.1", "10.0.2.1"),
        Arguments.of(Named.of("a silent hop inside the failing side does not end it",
            path(false, "10.0.0.1", "*", "10.0.2.1", "*")),
            path(true, "10.0.0.1", "10.0.1.1", "10.0.2.1", "10.0.3.1"), "10.0.2.1", "10.0.3.1"),
        Arguments.of(Named.of("the healthy side joins the failing path later: it goes on after the shared hop",
            path(false, "10.1.0.1", "172.16.0.1", "*")),
            path(true, "10.2.0.1", "10.2.1.1", "172.16.0.1", "192.0.2.10"), "172.16.0.1", "192.0.2.10"),
        Arguments.of(Named.of("no hop of the failing side answered",
            path(false, "*", "*")),
            path(true, "10.2.0.1", "192.0.2.10"), null, "10.2.0.1"));
  }

  @ParameterizedTest
  @MethodSource("splits")
  void namesTheLastHopReachedAndTheFirstOneBeyondIt(TracePath failing, TracePath healthy, String last, String first) {
    PathSplits.Split s = PathSplits.split(failing, healthy).orElseThrow();
    assertThat(s.lastHop() == null ? null : s.lastHop().address()).isEqualTo(last);
    assertThat(s.firstDifferentHop().address()).isEqualTo(first);
  }

  static Stream<Arguments> noSplits() {
    return Stream.of(
        Arguments.of(Named.of("identical paths", path(false, "10.0.0.1", "10.0.1.1")),
            path(false, "10.0.0.1", "10.0.1.1")),
        Arguments.of(Named.of("the failing trace reached the target", path(true, "10.0.0.1", "192.0.2.10")),
            path(true, "10.0.0.1", "192.0.2.10")),
        Arguments.of(Named.of("the healthy side stops as early", path(false, "10.1.0.1", "*")),
            path(false, "10.2.0.1", "*")),
        Arguments.of(Named.of("the healthy side passes only what the failing one reached",
            path(false, "10.0.0.1", "10.0.1.1", "*")), path(true, "10.0.0.1", "*", "10.0.1.1")),
        Arguments.of(Named.of("no healthy trace", path(false, "10.0.0.1")), null),
        Arguments.of(Named.of("no failing trace", null), path(true, "10.0.0.1")));
  }

  @ParameterizedTest
  @MethodSource("noSplits")
  void findsNoSplitWhereThePathsDoNotPart(TracePath failing, TracePath healthy) {
    assertThat(PathSplits.split(failing, healthy)).isEmpty();
  }

  @Test
  void theCheckShowsBothPathsAndSaysWhereTheyPartInOneSentence() {
    TracePath failing = path(false, "10.0.0.1", "*");
    TracePath healthy = path(true, "10.0.0.1", "10.0.1.1");
    PathSplit split = PathSplits.between("eu-west", "eu-west-a1", failing, "us-east", "us-east-a1", healthy)
        .orElseThrow();
    assertThat(split.failing().hops()).isEqualTo(failing.hops());
    assertThat(split.healthy().hops()).isEqualTo(healthy.hops());
    assertThat(split.failing().firstDifferentHop()).isNull();
    assertThat(split.healthy().lastHop()).isNull();
    assertThat(PathSplits.sentence(split))
        .isEqualTo("the path from eu-west stops after 10.0.0.1; us-east goes on through 10.0.1.1");
  }
}
