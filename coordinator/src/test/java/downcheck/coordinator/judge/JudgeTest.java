package downcheck.coordinator.judge;

import static downcheck.coordinator.judge.CheckFixtures.DEADLINE;
import static downcheck.coordinator.judge.CheckFixtures.REGIONS;
import static downcheck.coordinator.judge.CheckFixtures.T0;
import static downcheck.coordinator.judge.CheckFixtures.fresh;
import static downcheck.coordinator.judge.CheckFixtures.refused;
import static downcheck.coordinator.judge.CheckFixtures.request;
import static downcheck.coordinator.judge.CheckFixtures.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.check.ClientView;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The finality rule and the judged view, as plain functions: no store, no clock. */
class JudgeTest {
  static final LocalIssue KNOWN = LocalIssue.agent("ap-south-a1", "ap-south", "3 of 3 canaries failed");

  static Stream<Arguments> answers() {
    return Stream.of(
        argumentSet("every region answered", List.of("eu-west", "us-east", "ap-south"), true),
        argumentSet("every region answered, in another order", List.of("ap-south", "eu-west", "us-east"), true),
        argumentSet("every region and one not asked", List.of("eu-west", "us-east", "ap-south", "sa-east"), true),
        argumentSet("nothing in yet", List.of(), false),
        argumentSet("one region silent", List.of("eu-west", "us-east"), false),
        argumentSet("two answers of one region are one region", List.of("eu-west", "eu-west", "us-east"), false),
        argumentSet("an answer from a region not asked stands in for no silent one", List.of("eu-west", "us-east", "sa-east"), false));
  }

  @ParameterizedTest
  @MethodSource("answers")
  void aCheckClosesOnItsAnswersOnlyOnceEveryRegionItWasSentToHasAnswered(List<String> answered, boolean closes) {
    assertThat(Judge.allAnswered(REGIONS, answered)).isEqualTo(closes);
  }

  static Stream<Arguments> clock() {
    long deadline = DEADLINE.toEpochMilli();
    return Stream.of(
        argumentSet("a millisecond before the deadline", deadline - 1, false),
        argumentSet("at the deadline", deadline, true),
        argumentSet("a minute after the deadline", deadline + 60_000, true));
  }

  @ParameterizedTest
  @MethodSource("clock")
  void aCheckClosesAtItsDeadlineAndNotBefore(long nowMs, boolean closes) {
    assertThat(Judge.due(DEADLINE.toEpochMilli(), nowMs)).isEqualTo(closes);
  }

  static Stream<Arguments> views() {
    return Stream.of(
        argumentSet("open: provisional, its silent region PENDING", List.of(up("eu-west"), up("us-east")), null,
            false, Verdict.UP, RegionStatus.PENDING),
        argumentSet("open with nothing in: PENDING", List.of(), null, false, Verdict.PENDING, RegionStatus.PENDING),
        argumentSet("closed by every region's answer", List.of(up("eu-west"), up("us-east"), refused("ap-south")),
            Closure.ANSWERED, true, Verdict.REGIONAL_OUTAGE, RegionStatus.DOWN),
        argumentSet("closed at the deadline: its silent region MISSING", List.of(up("eu-west"), up("us-east")),
            Closure.atDeadline(List.of()), true, Verdict.UP, RegionStatus.MISSING),
        argumentSet("closed at the deadline, the silent region's agents known impaired: IMPAIRED",
            List.of(up("eu-west"), up("us-east")), Closure.atDeadline(List.of(KNOWN)), true, Verdict.UP,
            RegionStatus.IMPAIRED),
        argumentSet("closed at the deadline with one answer: INCONCLUSIVE", List.of(up("eu-west")),
            Closure.atDeadline(List.of()), true, Verdict.INCONCLUSIVE, RegionStatus.MISSING));
  }

  @ParameterizedTest
  @MethodSource("views")
  void aCheckIsJudgedFromItsResultsAndIsFinalOnceClosed(List<ProbeResult> results, Closure closure, boolean isFinal,
      Verdict verdict, RegionStatus apSouth) {
    CheckView view = Judge.view(fresh().with(results, closure));

    assertThat(view.id()).isEqualTo("c-1");
    assertThat(view.isFinal()).isEqualTo(isFinal);
    assertThat(view.verdict()).isEqualTo(verdict);
    assertThat(view.regions()).filteredOn(r -> r.region().equals("ap-south")).singleElement()
        .extracting(RegionReport::status).isEqualTo(apSouth);
  }

  @Test
  void anAgentKnownImpairedAtTheDeadlineIsALocalIssueOfTheCheck() {
    CheckView view = Judge.view(fresh().with(List.of(up("eu-west"), up("us-east")), Closure.atDeadline(List.of(KNOWN))));
    assertThat(view.localIssues()).extracting(LocalIssue::agentId).containsExactly("ap-south-a1");
  }

  @Test
  void aCheckRebuiltAfterAFullRestartIsItsVerdictAsPublished() {
    CheckView published = Judge.view(fresh().with(List.of(up("eu-west"), refused("us-east")),
        Closure.atDeadline(List.of())));
    CheckRecord rebuilt = CheckRecord.published(fresh().request(), "example.com", published);

    assertThat(rebuilt.isFinal()).isTrue();
    assertThat(Judge.view(rebuilt)).isEqualTo(published);
  }

  @Test
  void aCoalescedCheckJudgesTheSharedProbesWithItsOwnAskersView() {
    CheckView original = Judge.view(fresh().with(List.of(up("eu-west"), up("us-east"), up("ap-south")),
        Closure.ANSWERED));

    CheckView seen = Judge.asSeenBy(alias(new ClientView(false, "timed out")), original);

    assertThat(seen.id()).isEqualTo("c-2");
    assertThat(seen.coalesced()).isTrue();
    assertThat(seen.isFinal()).isTrue();
    assertThat(seen.verdict()).isEqualTo(Verdict.UP);
    assertThat(seen.justYou()).isTrue();
    assertThat(original.justYou()).isFalse();
  }

  @Test
  void aCoalescedCheckIsOpenWhileItsOriginalIs() {
    CheckView original = Judge.view(fresh().with(List.of(up("eu-west"), up("us-east")), null));

    CheckView seen = Judge.asSeenBy(alias(null), original);

    assertThat(seen.isFinal()).isFalse();
    assertThat(seen.regions()).extracting(RegionReport::status).contains(RegionStatus.PENDING);
  }

  @Test
  void aCoalescedCheckOfACheckClosedAtItsDeadlineKeepsItsSilentRegionMissing() {
    CheckView original = Judge.view(fresh().with(List.of(up("eu-west"), up("us-east")), Closure.atDeadline(List.of())));

    assertThat(Judge.asSeenBy(alias(null), original).regions()).extracting(RegionReport::status)
        .containsExactly(RegionStatus.UP, RegionStatus.UP, RegionStatus.MISSING);
  }

  @Test
  void aCoalescedCheckOfACheckClosedAtItsDeadlineKeepsTheAgentsKnownImpairedThen() {
    CheckView original = Judge.view(fresh().with(List.of(up("eu-west"), up("us-east")),
        Closure.atDeadline(List.of(KNOWN))));

    CheckView shared = Judge.asSeenBy(alias(null), original);

    assertThat(shared.regions()).extracting(RegionReport::status)
        .containsExactly(RegionStatus.UP, RegionStatus.UP, RegionStatus.IMPAIRED);
    assertThat(shared.localIssues()).extracting(LocalIssue::agentId).containsExactly("ap-south-a1");
  }

  /** Check c-2, answered from c-1's probes, asked a second later. */
  private static CheckRecord alias(ClientView client) {
    return CheckRecord.sharing("c-1", request("c-2", T0.plusSeconds(1), DEADLINE.plusSeconds(1)), "example.com",
        REGIONS, 2000, client);
  }
}
