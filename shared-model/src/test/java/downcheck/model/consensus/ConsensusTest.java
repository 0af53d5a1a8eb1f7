package downcheck.model.consensus;

import static downcheck.model.consensus.Fixtures.R;
import static downcheck.model.consensus.Fixtures.assess;
import static downcheck.model.consensus.Fixtures.down;
import static downcheck.model.consensus.Fixtures.error;
import static downcheck.model.consensus.Fixtures.regions;
import static downcheck.model.consensus.Fixtures.up;
import static downcheck.model.result.ErrorClass.CONNECT_REFUSED;
import static downcheck.model.result.ErrorClass.CONNECT_TIMEOUT;
import static downcheck.model.result.ErrorClass.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.check.ClientView;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.Quorum;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The region, quorum, verdict, final, justYou and localIssues rules of {@link Consensus}. */
class ConsensusTest {
  private static final List<String> THREE = regions(3);

  static Stream<Arguments> verdicts() {
    return Stream.of(
        argumentSet("nothing in yet is PENDING", THREE, false, List.of(), Verdict.PENDING),
        argumentSet("one of three answered is PENDING, the quorum can still come", THREE, false,
            List.of(up("r1")), Verdict.PENDING),
        argumentSet("quorum met with one region still checking is a provisional UP", THREE, false,
            List.of(up("r1"), up("r2")), Verdict.UP),
        argumentSet("nothing by the deadline is INCONCLUSIVE", THREE, true, List.of(), Verdict.INCONCLUSIVE),
        argumentSet("one usable of three at the deadline is INCONCLUSIVE", THREE, true,
            List.of(down("r1", TIMEOUT)), Verdict.INCONCLUSIVE),
        argumentSet("quorum out of reach before the deadline is already INCONCLUSIVE", THREE, false,
            List.of(down("r1", TIMEOUT).impaired("canaries"), error("r2")), Verdict.INCONCLUSIVE),
        argumentSet("no region asked is INCONCLUSIVE, not an outage", List.of(), true, List.of(), Verdict.INCONCLUSIVE),
        argumentSet("every region down is GLOBAL_OUTAGE", THREE, false,
            List.of(down("r1", CONNECT_REFUSED), down("r2", CONNECT_REFUSED), down("r3", CONNECT_REFUSED)),
            Verdict.GLOBAL_OUTAGE),
        argumentSet("every usable region down, one missing, is GLOBAL_OUTAGE", THREE, true,
            List.of(down("r1", CONNECT_REFUSED), down("r2", CONNECT_REFUSED)), Verdict.GLOBAL_OUTAGE),
        argumentSet("one down and two up is REGIONAL_OUTAGE", THREE, false,
            List.of(down("r1", CONNECT_TIMEOUT), up("r2"), up("r3")), Verdict.REGIONAL_OUTAGE),
        argumentSet("all up but median over slowMs is DEGRADED", THREE, false,
            List.of(up("r1").ms(2400), up("r2").ms(2500), up("r3").ms(300)), Verdict.DEGRADED),
        argumentSet("median exactly at slowMs is still UP", THREE, false,
            List.of(up("r1").ms(2000), up("r2").ms(2000), up("r3").ms(9000)), Verdict.UP),
        argumentSet("even count takes the mean of the middle two", regions(2), false,
            List.of(up("r1").ms(1000), up("r2").ms(3002)), Verdict.DEGRADED),
        argumentSet("all up and fast is UP", THREE, false, List.of(up("r1"), up("r2"), up("r3")), Verdict.UP),
        argumentSet("impaired agents down everywhere is INCONCLUSIVE", THREE, false,
            List.of(down("r1", TIMEOUT).impaired("x"), down("r2", TIMEOUT).impaired("x"), down("r3", TIMEOUT).impaired("x")),
            Verdict.INCONCLUSIVE),
        argumentSet("an impaired agent down beside healthy ups is UP", THREE, false,
            List.of(down("r1", TIMEOUT).impaired("x"), up("r1").agent("r1-a2"), up("r2"), up("r3")), Verdict.UP),
        argumentSet("ERROR results are not evidence", THREE, true,
            List.of(error("r1"), error("r2"), up("r3")), Verdict.INCONCLUSIVE),
        argumentSet("a slow DOWN result does not make the ups DEGRADED", regions(2), false,
            List.of(up("r1").ms(100), up("r2").ms(100), down("r2", TIMEOUT).agent("r2-a2").ms(9000)), Verdict.UP));
  }

  @ParameterizedTest
  @MethodSource("verdicts")
  void verdictIsTheFirstRowThatHolds(List<String> expected, boolean deadlinePassed, List<R> results, Verdict verdict) {
    assertThat(assess(expected, deadlinePassed, results).verdict()).isEqualTo(verdict);
  }

  static Stream<Arguments> regionStatuses() {
    return Stream.of(
        argumentSet("an up result is UP", false, List.of(up("r1")), RegionStatus.UP),
        argumentSet("a down result is DOWN", false, List.of(down("r1", TIMEOUT)), RegionStatus.DOWN),
        argumentSet("a tie is UP", false, List.of(up("r1"), down("r1", TIMEOUT).agent("r1-a2")), RegionStatus.UP),
        argumentSet("most down is DOWN", false,
            List.of(up("r1"), down("r1", TIMEOUT).agent("r1-a2"), down("r1", TIMEOUT).agent("r1-a3")), RegionStatus.DOWN),
        argumentSet("only impaired agents is IMPAIRED", false, List.of(down("r1", TIMEOUT).impaired("x")), RegionStatus.IMPAIRED),
        argumentSet("an impaired agent's UP is not counted either", false, List.of(up("r1").impaired("x")), RegionStatus.IMPAIRED),
        argumentSet("only ERROR results is IMPAIRED", false, List.of(error("r1")), RegionStatus.IMPAIRED),
        argumentSet("impaired plus ERROR is IMPAIRED", false,
            List.of(error("r1"), down("r1", TIMEOUT).agent("r1-a2").impaired("x")), RegionStatus.IMPAIRED),
        argumentSet("a healthy down outvotes an impaired up", false,
            List.of(up("r1").impaired("x"), down("r1", TIMEOUT).agent("r1-a2")), RegionStatus.DOWN),
        argumentSet("ERROR beside a down is DOWN", false, List.of(error("r1"), down("r1", TIMEOUT).agent("r1-a2")), RegionStatus.DOWN),
        argumentSet("nothing before the deadline is PENDING", false, List.of(), RegionStatus.PENDING),
        argumentSet("nothing by the deadline is MISSING", true, List.of(), RegionStatus.MISSING));
  }

  @ParameterizedTest
  @MethodSource("regionStatuses")
  void regionStatusComesFromCountedResults(boolean deadlinePassed, List<R> results, RegionStatus status) {
    assertThat(assess(List.of("r1"), deadlinePassed, results).regions())
        .singleElement().extracting(RegionReport::status).isEqualTo(status);
  }

  static Stream<Arguments> quorums() {
    return Stream.of(
        argumentSet("1 region needs 1", 1, 1),
        argumentSet("2 regions need 2", 2, 2),
        argumentSet("3 regions need 2", 3, 2),
        argumentSet("4 regions need 3", 4, 3),
        argumentSet("5 regions need 3", 5, 3),
        argumentSet("8 regions need 5", 8, 5));
  }

  @ParameterizedTest
  @MethodSource("quorums")
  void quorumIsAMajorityOfAtLeastTwo(int expected, int required) {
    assertThat(Consensus.quorum(expected)).isEqualTo(required);
  }

  @ParameterizedTest
  @MethodSource("quorums")
  void exactlyTheQuorumOfUsableRegionsDecides(int expected, int required) {
    List<R> ups = regions(required).stream().map(Fixtures::up).toList();
    Assessment a = assess(regions(expected), true, ups);
    assertThat(a.verdict()).isEqualTo(Verdict.UP);
    assertThat(a.quorum()).isEqualTo(new Quorum(expected, required, required, required));
  }

  @ParameterizedTest
  @MethodSource("quorums")
  void oneUsableRegionShortOfTheQuorumIsInconclusive(int expected, int required) {
    List<R> ups = new ArrayList<>(regions(required - 1).stream().map(Fixtures::up).toList());
    ups.add(error("r" + required));
    assertThat(assess(regions(expected), true, ups).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void aCheckIsFinalOnceEveryRegionAnsweredEvenWithoutEvidence() {
    Assessment a = assess(THREE, false, List.of(up("r1"), error("r2"), down("r3", TIMEOUT).impaired("x")));
    assertThat(a.isFinal()).isTrue();
    assertThat(a.quorum().reported()).isEqualTo(3);
  }

  @Test
  void aCheckWithASilentRegionIsProvisionalUntilTheDeadline() {
    List<R> two = List.of(up("r1"), up("r2"));
    assertThat(assess(THREE, false, two).isFinal()).isFalse();
    Assessment atDeadline = assess(THREE, true, two);
    assertThat(atDeadline.isFinal()).isTrue();
    assertThat(atDeadline.regions()).extracting(RegionReport::status)
        .containsExactly(RegionStatus.UP, RegionStatus.UP, RegionStatus.MISSING);
  }

  static Stream<Arguments> askers() {
    ClientView cannot = new ClientView(false, null);
    List<R> allUp = List.of(up("r1"), up("r2"), up("r3"));
    return Stream.of(
        argumentSet("cannot reach, everyone else can: just you", cannot, allUp, true),
        argumentSet("cannot reach, up but slow: just you", cannot,
            List.of(up("r1").ms(3000), up("r2").ms(3000), up("r3").ms(3000)), true),
        argumentSet("cannot reach, regional outage: not just you", cannot,
            List.of(down("r1", TIMEOUT), up("r2"), up("r3")), false),
        argumentSet("cannot reach, global outage: not just you", cannot,
            List.of(down("r1", TIMEOUT), down("r2", TIMEOUT), down("r3", TIMEOUT)), false),
        argumentSet("cannot reach, still pending: not yet", cannot, List.of(up("r1")), false),
        argumentSet("can reach: never just you", new ClientView(true, null), allUp, false),
        argumentSet("did not say: never just you", new ClientView(null, null), allUp, false),
        argumentSet("no client view: never just you", null, allUp, false));
  }

  @ParameterizedTest
  @MethodSource("askers")
  void justYouWhenTheAskerCannotReachWhatIsUp(ClientView client, List<R> results, boolean justYou) {
    assertThat(assess(THREE, client, results).justYou()).isEqualTo(justYou);
  }

  @Test
  void localIssuesListImpairedAgentsWithTheirReasonThenTheAsker() {
    List<R> rs = List.of(up("r1"), up("r2"), down("r3", TIMEOUT).impaired("3 of 3 canaries failed"),
        up("r3").agent("r3-a2"), down("r2", TIMEOUT).agent("r2-a2").impaired(null));
    Assessment a = assess(THREE, new ClientView(false, " timed out "), rs);
    assertThat(a.localIssues()).containsExactly(
        LocalIssue.agent("r2-a2", "r2", Consensus.IMPAIRED_REASON),
        LocalIssue.agent("r3-a1", "r3", "3 of 3 canaries failed"),
        LocalIssue.client(Consensus.CLIENT_REASON));
  }

  @Test
  void theAskersOwnErrorTextIsNeverPartOfTheCheck() {
    // whoever has the link reads the check: what the asker typed or their browser said stays theirs
    Assessment a = assess(THREE, new ClientView(false, "<img src=x> call 555-0100, my VPN is 10.8.0.1"), List.of(up("r1")));
    assertThat(a.localIssues()).containsExactly(LocalIssue.client("the asker's browser could not reach it"));
    assertThat(a.toString()).doesNotContain("555-0100", "10.8.0.1");
  }

  @Test
  void anAskerWhoCanReachItIsNoLocalIssue() {
    assertThat(assess(THREE, new ClientView(true, "fine"), List.of(up("r1"))).localIssues()).isEmpty();
  }

  @Test
  void theEarliestResultOfAnAgentWinsWhicheverArrivesFirst() {
    R early = down("r1", TIMEOUT).at(2);
    R late = up("r1").at(5);
    for (List<R> order : List.of(List.of(early, late), List.of(late, early))) {
      Assessment a = assess(List.of("r1"), false, order);
      assertThat(a.regions().get(0).results()).containsExactly(early.build());
      assertThat(a.verdict()).isEqualTo(Verdict.GLOBAL_OUTAGE);
    }
  }

  @Test
  void aResultWithoutFinishedAtLosesToOneWithIt() {
    ProbeResult timed = up("r1").at(9).build();
    ProbeResult untimed = new ProbeResult(Stamp.of("c-1", "r1-a1", "r1", null, null),
        ProbeOutcome.error(null, "internal"));
    Assessment a = Consensus.assess(new Evidence("x", List.of("r1"), List.of(untimed, timed), 2000, null, false));
    assertThat(a.regions().get(0).results()).containsExactly(timed);
  }

  @Test
  void duplicatesCountOnce() {
    R r1 = down("r1", TIMEOUT);
    Assessment a = assess(THREE, true, List.of(r1, r1, r1, up("r2")));
    assertThat(a.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(a.regions().get(0).results()).hasSize(1);
    assertThat(a.quorum()).isEqualTo(new Quorum(3, 2, 2, 2));
  }

  @Test
  void resultsFromRegionsNotAskedAreIgnored() {
    Assessment a = assess(List.of("r1"), false, List.of(up("r1"), down("elsewhere", TIMEOUT).impaired("x")));
    assertThat(a.regions()).extracting(RegionReport::region).containsExactly("r1");
    assertThat(a.verdict()).isEqualTo(Verdict.UP);
    assertThat(a.localIssues()).isEmpty();
  }

  @Test
  void aRegionNamedTwiceIsExpectedOnce() {
    Assessment a = assess(List.of("r1", "r2", "r1"), false, List.of(up("r1"), up("r2")));
    assertThat(a.regions()).extracting(RegionReport::region).containsExactly("r1", "r2");
    assertThat(a.isFinal()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -5})
  void aNonPositiveSlowMsMeansTheDefaultThreshold(long slowMs) {
    List<ProbeResult> rs = Fixtures.built(List.of(up("r1").ms(1500), up("r2").ms(1500)));
    assertThat(Consensus.assess(new Evidence("x", regions(2), rs, slowMs, null, false)).verdict()).isEqualTo(Verdict.UP);
    List<ProbeResult> slow = Fixtures.built(List.of(up("r1").ms(2500), up("r2").ms(2500)));
    assertThat(Consensus.assess(new Evidence("x", regions(2), slow, slowMs, null, false)).verdict()).isEqualTo(Verdict.DEGRADED);
  }
}
