package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.check.CheckRequest;
import downcheck.model.check.ClientView;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckRecordTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final Instant DEADLINE = T0.plusSeconds(12);
  static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

  static CheckRecord fresh() {
    CheckRequest req = new CheckRequest(1, "c-1", "https://example.com/", ProbeKind.HTTP, REGIONS, 10_000, null, T0, DEADLINE);
    return new CheckRecord(req, "example.com", REGIONS, 2000, null, List.of(), null, null);
  }

  static ProbeResult up(String region) {
    return new ProbeResult(Stamp.of("c-1", region + "-a1", region, T0.plusSeconds(1), null),
        ProbeOutcome.up(Timings.total(20), "203.0.113.7").withHttpStatus(200));
  }

  static ProbeResult refused(String region) {
    return new ProbeResult(Stamp.of("c-1", region + "-a1", region, T0.plusSeconds(1), null),
        ProbeOutcome.down(ErrorClass.CONNECT_REFUSED, Timings.total(3), "203.0.113.7", "Connection refused"));
  }

  @Test
  void theCheckIsFinalOnceEveryRegionHasAnswered() {
    CheckRecord r = fresh().withResult(up("eu-west")).withResult(up("us-east"));
    assertThat(r.isFinal()).isFalse();
    r = r.withResult(up("ap-south"));
    assertThat(r.isFinal()).isTrue();
    assertThat(r.view(T0).verdict()).isEqualTo(Verdict.UP);
  }

  @Test
  void aDuplicateDeliveryChangesNothing() {
    CheckRecord once = fresh().withResult(up("eu-west"));
    assertThat(once.withResult(up("eu-west"))).isSameAs(once);
    assertThat(once.withResult(refused("eu-west"))).isSameAs(once);
  }

  @Test
  void aFinalCheckNeverChangesAgain() {
    CheckRecord done = fresh().withResult(up("eu-west")).withResult(up("us-east")).withResult(up("ap-south"));
    ProbeResult late = new ProbeResult(Stamp.of("c-1", "eu-west-a2", "eu-west", T0.plusSeconds(11), null),
        ProbeOutcome.down(ErrorClass.TIMEOUT, Timings.total(10_000), null, null));
    assertThat(done.withResult(late)).isSameAs(done);
    assertThat(done.finalizedAt(DEADLINE.plusSeconds(60))).isSameAs(done);
  }

  @Test
  void theDeadlineClosesTheCheckWithWhateverCameIn() {
    CheckRecord partial = fresh().withResult(up("eu-west")).withResult(up("us-east"));
    assertThat(partial.finalizedAt(DEADLINE.minusMillis(1))).isSameAs(partial);
    CheckRecord closed = partial.finalizedAt(DEADLINE);
    assertThat(closed.isFinal()).isTrue();
    assertThat(closed.view(DEADLINE).regions()).filteredOn(rr -> rr.region().equals("ap-south"))
        .singleElement().satisfies(rr -> assertThat(rr.status()).isEqualTo(RegionStatus.MISSING));
  }

  @Test
  void aResultFoldedAfterTheDeadlineStillCountsUntilTheCheckIsClosed() {
    CheckRecord r = fresh().withResult(up("eu-west"));
    assertThat(r.isFinal()).isFalse();
    CheckRecord closed = r.withResult(refused("us-east")).finalizedAt(DEADLINE.plusSeconds(1));
    assertThat(closed.view(DEADLINE).quorum().reported()).isEqualTo(2);
  }

  @Test
  void aResultOfAnotherCheckIsIgnored() {
    ProbeResult other = new ProbeResult(Stamp.of("c-2", "eu-west-a1", "eu-west", T0, null),
        ProbeOutcome.up(Timings.total(1), null).withHttpStatus(200));
    CheckRecord r = fresh();
    assertThat(r.withResult(other)).isSameAs(r);
  }

  @Test
  void theRecordSurvivesItsJsonRoundTrip() {
    CheckRecord done = fresh().withResult(up("eu-west")).withResult(refused("us-east")).withResult(up("ap-south"));
    CheckRecord back = Codec.fromJson(Codec.toJson(done), CheckRecord.class);
    assertThat(back).isEqualTo(done);
    assertThat(Codec.toJson(done)).doesNotContain("\"isFinal\"");
  }

  @Test
  void aCoalescedCheckJudgesTheSharedProbesWithItsOwnAskersView() {
    CheckRecord original = fresh().withResult(up("eu-west")).withResult(up("us-east")).withResult(up("ap-south"));
    CheckRequest req = new CheckRequest(1, "c-2", "https://example.com/", ProbeKind.HTTP, REGIONS, 10_000, null,
        T0.plusSeconds(1), DEADLINE.plusSeconds(1));
    CheckRecord alias = new CheckRecord(req, "example.com", REGIONS, 2000,
        new ClientView(false, "timed out"), List.of(), null, "c-1");

    var seen = alias.viewOf(original.view(T0));

    assertThat(seen.id()).isEqualTo("c-2");
    assertThat(seen.coalesced()).isTrue();
    assertThat(seen.isFinal()).isTrue();
    assertThat(seen.verdict()).isEqualTo(Verdict.UP);
    assertThat(seen.justYou()).isTrue();
    assertThat(original.view(T0).justYou()).isFalse();
    // it has no probes of its own, and nothing closes it but its original
    assertThat(alias.withResult(up("eu-west"))).isSameAs(alias);
    assertThat(alias.finalizedAt(DEADLINE.plusSeconds(60))).isSameAs(alias);
  }

  @Test
  void aCoalescedCheckOfACheckClosedAtItsDeadlineKeepsTheMissingRegion() {
    CheckRecord original = fresh().withResult(up("eu-west")).withResult(up("us-east")).finalizedAt(DEADLINE);
    CheckRecord alias = new CheckRecord(fresh().request(), "example.com", REGIONS, 2000, null, List.of(), null, "c-1");
    assertThat(alias.viewOf(original.view(DEADLINE)).regions())
        .extracting(rr -> rr.status()).contains(RegionStatus.MISSING);
  }

  @Test
  void aRegionSilentAtTheDeadlineWhoseAgentsSayTheyAreImpairedIsImpairedForTheCheckAndItsCoalescedCopies() {
    LocalIssue known = LocalIssue.agent("ap-south-a1", "ap-south", "3 of 3 canaries failed");
    CheckRecord original = fresh().withResult(up("eu-west")).withResult(up("us-east"))
        .finalizedAt(DEADLINE, List.of(known));
    CheckView view = original.view(DEADLINE);
    assertThat(view.regions()).extracting(rr -> rr.status())
        .containsExactly(RegionStatus.UP, RegionStatus.UP, RegionStatus.IMPAIRED);
    assertThat(view.localIssues()).extracting(LocalIssue::agentId).containsExactly("ap-south-a1");
    assertThat(Codec.fromJson(Codec.toJson(original), CheckRecord.class).view(DEADLINE)).isEqualTo(view);

    CheckRecord alias = new CheckRecord(fresh().request(), "example.com", REGIONS, 2000, null, List.of(), null, "c-1");
    CheckView shared = alias.viewOf(view);
    assertThat(shared.regions()).extracting(rr -> rr.status()).contains(RegionStatus.IMPAIRED);
    assertThat(shared.localIssues()).extracting(LocalIssue::agentId).containsExactly("ap-south-a1");
  }
}
