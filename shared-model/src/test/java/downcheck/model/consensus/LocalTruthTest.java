package downcheck.model.consensus;

import static downcheck.model.consensus.Fixtures.TARGET;
import static downcheck.model.consensus.Fixtures.T0;
import static downcheck.model.consensus.Fixtures.built;
import static downcheck.model.consensus.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the network knows beyond the results: a region silent at the deadline whose agents say
 * they are impaired, and targets the agents refused to probe (DESIGN "Telling a global outage
 * from a local problem" and "Security").
 */
class LocalTruthTest {
  static final List<String> THREE = List.of("eu-west", "us-east", "ap-south");
  static final LocalIssue AP_SOUTH_IMPAIRED = LocalIssue.agent("ap-south-a1", "ap-south", "3 of 3 canaries failed");

  @Test
  void aSilentRegionWhoseAgentsSayTheyAreImpairedIsImpairedAndALocalIssueWithTheHeartbeatsReason() {
    Assessment a = Consensus.assess(new Evidence(TARGET, THREE, built(List.of(up("eu-west"), up("us-east"))), 2000,
        null, true, List.of(AP_SOUTH_IMPAIRED)));

    assertThat(status(a, "ap-south")).isEqualTo(RegionStatus.IMPAIRED);
    assertThat(a.verdict()).isEqualTo(Verdict.UP);
    assertThat(a.localIssues()).singleElement().satisfies(i -> {
      assertThat(i.scope()).isEqualTo("agent");
      assertThat(i.agentId()).isEqualTo("ap-south-a1");
      assertThat(i.region()).isEqualTo("ap-south");
      assertThat(i.reason()).startsWith("3 of 3 canaries failed").contains("no result by the deadline");
    });
  }

  @Test
  void beforeTheDeadlineASilentImpairedRegionIsStillPending() {
    Assessment a = Consensus.assess(new Evidence(TARGET, THREE, built(List.of(up("eu-west"))), 2000, null, false,
        List.of(AP_SOUTH_IMPAIRED)));
    assertThat(status(a, "ap-south")).isEqualTo(RegionStatus.PENDING);
    assertThat(a.localIssues()).isEmpty();
  }

  @Test
  void aSilentRegionNobodyKnowsToBeImpairedIsMissing() {
    Assessment a = Consensus.assess(new Evidence(TARGET, THREE, built(List.of(up("eu-west"), up("us-east"))), 2000,
        null, true, List.of(LocalIssue.agent("sa-east-a1", "sa-east", "canaries failed"))));
    assertThat(status(a, "ap-south")).isEqualTo(RegionStatus.MISSING);
    assertThat(a.localIssues()).isEmpty();
  }

  @Test
  void aRegionThatAnsweredIsJudgedByItsAnswerNotByItsHeartbeat() {
    Assessment a = Consensus.assess(new Evidence(TARGET, THREE,
        built(List.of(up("eu-west"), up("us-east"), up("ap-south"))), 2000, null, true, List.of(AP_SOUTH_IMPAIRED)));
    assertThat(status(a, "ap-south")).isEqualTo(RegionStatus.UP);
    assertThat(a.localIssues()).isEmpty();
  }

  @Test
  void aTargetEveryRegionRefusedIsInconclusiveWithNoImpairedRegionAndNoLocalIssue() {
    List<ProbeResult> refused = THREE.stream().map(LocalTruthTest::refused).toList();
    Assessment a = Consensus.assess(new Evidence("intranet.example", THREE, refused, 2000, null, false));

    assertThat(a.regions()).extracting(RegionReport::status).containsOnly(RegionStatus.REFUSED);
    assertThat(a.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(a.isFinal()).isTrue();
    assertThat(a.localIssues()).isEmpty();
    assertThat(a.summary()).isEqualTo("could not check intranet.example: this network does not probe private "
        + "addresses, and intranet.example resolves to one in 3 of 3 regions");
  }

  @Test
  void aRefusalByAnAgentWhoseNetworkIsImpairedIsStillARefusalNotALocalIssue() {
    List<ProbeResult> refused = THREE.stream().map(r -> refused(r).withImpaired(true, "canaries failed")).toList();
    Assessment a = Consensus.assess(new Evidence("intranet.example", THREE, refused, 2000, null, false));
    assertThat(a.regions()).extracting(RegionReport::status).containsOnly(RegionStatus.REFUSED);
    assertThat(a.localIssues()).isEmpty();
  }

  @Test
  void aRegionThatRefusedBesideRegionsThatAnsweredIsNamedInTheSummary() {
    List<ProbeResult> rs = List.of(up("eu-west").build(), up("us-east").build(), refused("ap-south"));
    Assessment a = Consensus.assess(new Evidence("split.example", THREE, rs, 2000, null, false));
    assertThat(a.verdict()).isEqualTo(Verdict.UP);
    assertThat(a.summary()).isEqualTo("split.example is up in 2 of 3 regions (1 would not probe it: a private address there)");
  }

  static ProbeResult refused(String region) {
    return new ProbeResult(Stamp.of("c-1", region + "-a1", region, T0.plusSeconds(1), null),
        ProbeOutcome.refused(null, "refused by policy: 10.0.0.5 is private (RFC 1918) (intranet.example)"));
  }

  static RegionStatus status(Assessment a, String region) {
    return a.regions().stream().filter(g -> g.region().equals(region)).findFirst().orElseThrow().status();
  }
}
