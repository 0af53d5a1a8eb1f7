package downcheck.model.consensus;

import static downcheck.model.consensus.Fixtures.R;
import static downcheck.model.consensus.Fixtures.assess;
import static downcheck.model.consensus.Fixtures.down;
import static downcheck.model.consensus.Fixtures.error;
import static downcheck.model.consensus.Fixtures.regions;
import static downcheck.model.consensus.Fixtures.up;
import static downcheck.model.result.ErrorClass.NETWORK_UNREACHABLE;
import static downcheck.model.result.ErrorClass.NO_ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A ping nobody answered is not an outage by itself ({@link NoEchoRule}). */
class NoEchoRuleTest {
  private static final List<String> THREE = regions(3);

  static Stream<Arguments> verdicts() {
    return Stream.of(
        argumentSet("no echo in every region is INCONCLUSIVE, not a global outage",
            List.of(down("r1", NO_ECHO), down("r2", NO_ECHO), down("r3", NO_ECHO)), Verdict.INCONCLUSIVE),
        argumentSet("no echo in the quorum while the last region is silent is INCONCLUSIVE too",
            List.of(down("r1", NO_ECHO), down("r2", NO_ECHO)), Verdict.INCONCLUSIVE),
        argumentSet("one region that answered makes it a regional outage, as for any kind",
            List.of(down("r1", NO_ECHO), down("r2", NO_ECHO), up("r3")), Verdict.REGIONAL_OUTAGE),
        argumentSet("a router saying unreachable is evidence: a global outage",
            List.of(down("r1", NO_ECHO), down("r2", NETWORK_UNREACHABLE), down("r3", NO_ECHO)), Verdict.GLOBAL_OUTAGE),
        argumentSet("an ERROR beside no echo does not turn it into evidence",
            List.of(down("r1", NO_ECHO), down("r2", NO_ECHO), error("r3")), Verdict.INCONCLUSIVE),
        argumentSet("every echo answered is UP",
            List.of(up("r1"), up("r2"), up("r3")), Verdict.UP));
  }

  @ParameterizedTest
  @MethodSource("verdicts")
  void verdict(List<R> results, Verdict expected) {
    assertThat(assess(THREE, true, results).verdict()).isEqualTo(expected);
  }

  @Test
  void theSummarySaysWhyNoPingIsNotAnOutage() {
    Assessment a = assess(THREE, true, List.of(down("r1", NO_ECHO), down("r2", NO_ECHO), down("r3", NO_ECHO)));
    assertThat(a.summary()).isEqualTo("example.com answered no ping from any of 3 regions; many hosts drop ICMP, "
        + "so this alone does not mean it is down (an http:// or tcp:// check tells)");
    assertThat(a.isFinal()).isTrue();
  }

  @Test
  void belowTheQuorumTheSummarySaysSoAsForAnyKind() {
    Assessment a = assess(THREE, true, List.of(down("r1", NO_ECHO)));
    assertThat(a.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(a.summary()).startsWith("could not tell whether example.com is down");
  }
}
