package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of a check decides what the record would, without decoding it on the owner. */
class StoredCheckTest {
  static StoredCheck add(StoredCheck s, ProbeResult r) {
    return s.withResult(r.agentId(), r.region(), Codec.toJson(r));
  }

  @Test
  void itClosesOnceEveryRegionAnsweredAsTheRecordDoes() {
    StoredCheck s = StoredCheck.of(CheckRecordTest.fresh());
    s = add(add(s, CheckRecordTest.up("eu-west")), CheckRecordTest.up("us-east"));
    assertThat(s.toRecord().isFinal()).isFalse();
    s = add(s, CheckRecordTest.refused("ap-south"));
    CheckRecord expected = CheckRecordTest.fresh().withResult(CheckRecordTest.up("eu-west"))
        .withResult(CheckRecordTest.up("us-east")).withResult(CheckRecordTest.refused("ap-south"));
    assertThat(s.toRecord().isFinal()).isTrue();
    assertThat(s.toRecord().view(CheckRecordTest.T0)).isEqualTo(expected.view(CheckRecordTest.T0));
  }

  @Test
  void aSecondResultOfOneAgentAndAnyResultAfterTheCloseChangeNothing() {
    StoredCheck s = add(StoredCheck.of(CheckRecordTest.fresh()), CheckRecordTest.up("eu-west"));
    assertThat(add(s, CheckRecordTest.refused("eu-west"))).isSameAs(s);
    StoredCheck closed = s.closedAt(CheckRecordTest.DEADLINE.toEpochMilli());
    assertThat(add(closed, CheckRecordTest.up("us-east"))).isSameAs(closed);
  }

  @Test
  void atTheDeadlineItClosesWithTheSilentRegionsMissingAndNotBefore() {
    StoredCheck s = add(StoredCheck.of(CheckRecordTest.fresh()), CheckRecordTest.up("eu-west"));
    assertThat(s.closedAt(CheckRecordTest.DEADLINE.toEpochMilli() - 1)).isSameAs(s);
    CheckRecord closed = s.closedAt(CheckRecordTest.DEADLINE.toEpochMilli()).toRecord();
    assertThat(closed.isFinal()).isTrue();
    assertThat(closed.view(CheckRecordTest.T0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(closed.view(CheckRecordTest.T0).regions()).anySatisfy(r -> assertThat(r.status()).isEqualTo(RegionStatus.MISSING));
  }

  @Test
  void aSilentRegionWhoseAgentsWereKnownImpairedAtTheDeadlineStaysImpairedAsInTheRecord() {
    LocalIssue known = LocalIssue.agent("ap-south-a1", "ap-south", "3 of 3 canaries failed");
    StoredCheck s = add(add(StoredCheck.of(CheckRecordTest.fresh()), CheckRecordTest.up("eu-west")),
        CheckRecordTest.up("us-east"));
    CheckRecord closed = s.closedAt(CheckRecordTest.DEADLINE.toEpochMilli(), Codec.toJson(List.of(known))).toRecord();
    CheckRecord expected = CheckRecordTest.fresh().withResult(CheckRecordTest.up("eu-west"))
        .withResult(CheckRecordTest.up("us-east")).finalizedAt(CheckRecordTest.DEADLINE, List.of(known));
    assertThat(closed.view(CheckRecordTest.DEADLINE)).isEqualTo(expected.view(CheckRecordTest.DEADLINE));
    assertThat(closed.view(CheckRecordTest.DEADLINE).regions()).extracting(r -> r.status())
        .containsExactly(RegionStatus.UP, RegionStatus.UP, RegionStatus.IMPAIRED);
  }
}
