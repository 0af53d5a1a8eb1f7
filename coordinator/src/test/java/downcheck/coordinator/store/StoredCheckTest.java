package downcheck.coordinator.store;

import static downcheck.coordinator.judge.CheckFixtures.DEADLINE;
import static downcheck.coordinator.judge.CheckFixtures.REGIONS;
import static downcheck.coordinator.judge.CheckFixtures.T0;
import static downcheck.coordinator.judge.CheckFixtures.fresh;
import static downcheck.coordinator.judge.CheckFixtures.refused;
import static downcheck.coordinator.judge.CheckFixtures.request;
import static downcheck.coordinator.judge.CheckFixtures.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.model.check.CheckRequest;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A check on the path production takes: created, its results added and closed as the store's
 * entry processors do on the key's owner, read back and judged.
 */
class StoredCheckTest {
  /** As {@link CheckStore.AddResult} does on the owner. */
  static StoredCheck add(StoredCheck s, ProbeResult r) {
    return s.withResult(r.agentId(), r.region(), Codec.toJson(r));
  }

  /** As a coordinator reads the stored check and shows it. */
  static CheckView judged(StoredCheck s) {
    return Judge.view(s.toRecord());
  }

  @Test
  void itClosesOnceEveryRegionHasAnswered() {
    StoredCheck s = add(add(StoredCheck.of(fresh()), up("eu-west")), up("us-east"));
    assertThat(judged(s).isFinal()).isFalse();

    s = add(s, refused("ap-south"));

    assertThat(s.toRecord().closure()).isEqualTo(Closure.ANSWERED);
    CheckView view = judged(s);
    assertThat(view.isFinal()).isTrue();
    assertThat(view.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(view.regions()).extracting(RegionReport::status)
        .containsExactly(RegionStatus.UP, RegionStatus.UP, RegionStatus.DOWN);
  }

  @Test
  void aSecondResultOfOneAgentChangesNothing() {
    StoredCheck s = add(StoredCheck.of(fresh()), up("eu-west"));
    assertThat(add(s, up("eu-west"))).isSameAs(s);
    assertThat(add(s, refused("eu-west"))).isSameAs(s);
  }

  @Test
  void aCheckClosedByItsAnswersNeverChangesAgain() {
    StoredCheck done = add(add(add(StoredCheck.of(fresh()), up("eu-west")), up("us-east")), up("ap-south"));
    ProbeResult late = new ProbeResult(Stamp.of("c-1", "eu-west-a2", "eu-west", T0.plusSeconds(11), null),
        ProbeOutcome.down(ErrorClass.TIMEOUT, Timings.total(10_000), null, null));

    assertThat(add(done, late)).isSameAs(done);
    assertThat(done.closedAt(DEADLINE.toEpochMilli() + 60_000)).isSameAs(done);
    assertThat(judged(done).verdict()).isEqualTo(Verdict.UP);
  }

  @Test
  void atTheDeadlineItClosesWithTheSilentRegionsMissingAndNotBefore() {
    StoredCheck s = add(StoredCheck.of(fresh()), up("eu-west"));
    assertThat(s.closedAt(DEADLINE.toEpochMilli() - 1)).isSameAs(s);

    StoredCheck closed = s.closedAt(DEADLINE.toEpochMilli());

    CheckView view = judged(closed);
    assertThat(view.isFinal()).isTrue();
    assertThat(view.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(view.regions()).extracting(RegionReport::status)
        .containsExactly(RegionStatus.UP, RegionStatus.MISSING, RegionStatus.MISSING);
    assertThat(add(closed, up("us-east"))).isSameAs(closed);
  }

  @Test
  void aResultFoldedAfterTheDeadlineStillCountsUntilTheCheckIsClosed() {
    StoredCheck s = add(add(StoredCheck.of(fresh()), up("eu-west")), refused("us-east"));

    CheckView view = judged(s.closedAt(DEADLINE.toEpochMilli() + 1000));

    assertThat(view.quorum().reported()).isEqualTo(2);
    assertThat(view.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
  }

  @Test
  void aSilentRegionWhoseAgentsWereKnownImpairedAtTheDeadlineIsImpaired() {
    LocalIssue known = LocalIssue.agent("ap-south-a1", "ap-south", "3 of 3 canaries failed");
    StoredCheck s = add(add(StoredCheck.of(fresh()), up("eu-west")), up("us-east"));

    CheckView view = judged(s.closedAt(DEADLINE.toEpochMilli(), Codec.toJson(List.of(known))));

    assertThat(view.regions()).extracting(RegionReport::status)
        .containsExactly(RegionStatus.UP, RegionStatus.UP, RegionStatus.IMPAIRED);
    assertThat(view.localIssues()).extracting(LocalIssue::agentId).containsExactly("ap-south-a1");
  }

  @Test
  void aCoalescedCheckIsClosedNeitherByResultsNorByItsDeadline() {
    StoredCheck alias = StoredCheck.of(CheckRecord.sharing("c-1", request("c-2", T0, DEADLINE), "example.com", REGIONS,
        2000, null));

    assertThat(add(alias, up("eu-west"))).isSameAs(alias);
    assertThat(alias.closedAt(DEADLINE.toEpochMilli() + 60_000)).isSameAs(alias);
  }

  @Test
  void aCheckRebuiltAfterAFullRestartIsStoredFinalAsItWasPublished() {
    CheckView published = judged(add(StoredCheck.of(fresh()), up("eu-west")).closedAt(DEADLINE.toEpochMilli()));
    StoredCheck rebuilt = StoredCheck.of(CheckRecord.published(fresh().request(), "example.com", published));

    assertThat(judged(rebuilt)).isEqualTo(published);
    assertThat(add(rebuilt, up("us-east"))).isSameAs(rebuilt);
    assertThat(rebuilt.closedAt(DEADLINE.toEpochMilli() + 60_000)).isSameAs(rebuilt);
  }

  @Test
  void theRecordReadBackIsTheRecordStoredWithItsResults() {
    CheckRecord asked = CheckRecord.open(fresh().request(), "example.com", REGIONS, 1500,
        new downcheck.model.check.ClientView(false, "timed out"));
    StoredCheck s = add(add(StoredCheck.of(asked), up("eu-west")), refused("us-east"));

    assertThat(s.toRecord()).isEqualTo(asked.with(List.of(up("eu-west"), refused("us-east")), null));
    assertThat(Codec.toJson(s.toRecord())).doesNotContain("\"isFinal\"");
  }

  @Test
  void aRecordAsStoredDecodesToItselfSoTheFoldMayTakeItAsItWasEncoded() {
    // StoredCheck.of remembers the record it encodes for the first read back (Decoded): only
    // right because decoding that JSON gives the same record, checked here without the cache
    for (CheckRecord r : List.of(fresh(), direct("eu-west-a1", "eu-west-b1"), CheckRecord.open(fresh().request(),
        "example.com", REGIONS, 1500, new downcheck.model.check.ClientView(false, "timed out")))) {
      CheckRecord bare = r.with(List.of(), null);
      assertThat(Codec.fromJson(Codec.toJson(bare), CheckRecord.class)).isEqualTo(bare);
    }
  }

  @Test
  void aClosedRecordIsClosedByTheStoreNotStoredClosed() {
    CheckRecord closed = fresh().with(List.of(up("eu-west")), Closure.ANSWERED);
    assertThatThrownBy(() -> StoredCheck.of(closed)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Check c-1 sent to two agents of eu-west by id, as a check with perRegion 2 is. */
  static CheckRecord direct(String... agents) {
    CheckRequest r = request("c-1", T0, DEADLINE);
    CheckRequest toAgents = new CheckRequest(r.schema(), r.checkId(), r.target(), r.kind(), List.of("eu-west"),
        r.timeoutMs(), r.expect(), r.createdAt(), r.deadline(), r.options(), List.of(agents));
    return CheckRecord.open(toAgents, "example.com", List.of("eu-west"), 2000, null);
  }

  static ProbeResult upFrom(String agentId, String region) {
    return new ProbeResult(Stamp.of("c-1", agentId, region, T0.plusSeconds(1), null),
        ProbeOutcome.up(Timings.total(20), "203.0.113.7").withHttpStatus(200));
  }

  @Test
  void aCheckSentToChosenAgentsIsFinalOnlyOnceEachOfThemAnswered() {
    StoredCheck s = add(StoredCheck.of(direct("eu-west-a1", "eu-west-a2")), upFrom("eu-west-a1", "eu-west"));
    assertThat(s.toRecord().closure()).as("its region answered, one of its agents did not yet").isNull();

    s = add(s, upFrom("eu-west-a2", "eu-west"));

    assertThat(s.toRecord().closure()).isEqualTo(Closure.ANSWERED);
    CheckView view = judged(s);
    assertThat(view.regions()).singleElement().satisfies(g -> assertThat(g.results())
        .extracting(ProbeResult::agentId).containsExactly("eu-west-a1", "eu-west-a2"));
  }

  @Test
  void aCheckSentToChosenAgentsFoldsNoOtherAgentsAnswer() {
    StoredCheck s = StoredCheck.of(direct("eu-west-a1"));
    assertThat(add(s, upFrom("eu-west-a9", "eu-west"))).isSameAs(s);
  }

  @Test
  void anAgentExpectedLaterKeepsTheCheckOpenUntilItAnswered() {
    StoredCheck s = StoredCheck.of(direct("eu-west-a1"));
    StoredCheck more = s.expecting(List.of("eu-west-a2"));
    assertThat(more.toRecord().expectedAgents()).containsExactly("eu-west-a1", "eu-west-a2");
    assertThat(more.expecting(List.of("eu-west-a2"))).as("already expected").isSameAs(more);

    more = add(more, upFrom("eu-west-a1", "eu-west"));
    assertThat(more.toRecord().closure()).isNull();
    more = add(more, upFrom("eu-west-a2", "eu-west"));
    assertThat(more.toRecord().closure()).isEqualTo(Closure.ANSWERED);
    assertThat(more.expecting(List.of("eu-west-a3"))).as("closed").isSameAs(more);
  }

  @Test
  void aRegionCheckExpectingAnAgentTooWaitsForItAsWellAsForEveryRegion() {
    StoredCheck s = StoredCheck.of(fresh()).expecting(List.of("eu-west-a2"));
    s = add(add(add(s, up("eu-west")), up("us-east")), up("ap-south"));
    assertThat(s.toRecord().closure()).isNull();
    s = add(s, upFrom("eu-west-a2", "eu-west"));
    assertThat(s.toRecord().closure()).isEqualTo(Closure.ANSWERED);
  }
}
