package downcheck.model.consensus;

import static downcheck.model.consensus.Fixtures.R;
import static downcheck.model.consensus.Fixtures.TARGET;
import static downcheck.model.consensus.Fixtures.down;
import static downcheck.model.consensus.Fixtures.regions;
import static downcheck.model.consensus.Fixtures.up;
import static downcheck.model.result.ErrorClass.CONNECT_REFUSED;
import static downcheck.model.result.ErrorClass.CONNECT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.agent.Location;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Scope;
import downcheck.model.verdict.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The domain rule of {@link Consensus}: one vote per failure domain, and where an outage was seen. */
class DomainRuleTest {
  private static final List<String> THREE = regions(3);

  /** A result from an agent that states its network: {@code asn} and {@code provider} may be null. */
  static ProbeResult at(R r, Long asn, String provider) {
    ProbeResult built = r.build();
    return new ProbeResult(built.stamp().withLocation(new Location(null, null, provider, asn, List.of())), built.probe());
  }

  static ProbeResult as(long asn, R r) {
    return at(r, asn, null);
  }

  static Assessment assess(List<String> regions, ProbeResult... results) {
    return Consensus.assess(new Evidence(TARGET, regions, List.of(results), 2000, null, false));
  }

  static Stream<Arguments> verdicts() {
    return Stream.of(
        argumentSet("no locations: every region down is GLOBAL_OUTAGE, as ever", THREE,
            List.of(down("r1", CONNECT_REFUSED).build(), down("r2", CONNECT_REFUSED).build(),
                down("r3", CONNECT_REFUSED).build()),
            Verdict.GLOBAL_OUTAGE),
        argumentSet("every region down from one ASN only is REGIONAL_OUTAGE", THREE,
            List.of(as(3320, down("r1", CONNECT_REFUSED)), as(3320, down("r2", CONNECT_REFUSED)),
                as(3320, down("r3", CONNECT_REFUSED))),
            Verdict.REGIONAL_OUTAGE),
        argumentSet("every region down from two ASNs is GLOBAL_OUTAGE", THREE,
            List.of(as(3320, down("r1", CONNECT_REFUSED)), as(3320, down("r2", CONNECT_REFUSED)),
                as(24940, down("r3", CONNECT_REFUSED))),
            Verdict.GLOBAL_OUTAGE),
        argumentSet("one provider without ASNs is one domain", THREE,
            List.of(at(down("r1", CONNECT_REFUSED), null, "hetzner"), at(down("r2", CONNECT_REFUSED), null, "hetzner"),
                at(down("r3", CONNECT_REFUSED), null, "hetzner")),
            Verdict.REGIONAL_OUTAGE),
        argumentSet("the ASN, not the provider, is the domain when both are given", regions(2),
            List.of(at(down("r1", CONNECT_REFUSED), 1L, "hetzner"), at(down("r2", CONNECT_REFUSED), 2L, "hetzner")),
            Verdict.GLOBAL_OUTAGE),
        argumentSet("an agent that states no network is its own domain beside a stated one", regions(2),
            List.of(as(3320, down("r1", CONNECT_REFUSED)), down("r2", CONNECT_REFUSED).build()),
            Verdict.GLOBAL_OUTAGE),
        argumentSet("with one region, one domain is enough, as one region is the quorum", regions(1),
            List.of(as(3320, down("r1", CONNECT_REFUSED)), as(3320, down("r1", CONNECT_REFUSED).agent("r1-a2"))),
            Verdict.GLOBAL_OUTAGE),
        argumentSet("one network down everywhere beside others up is REGIONAL_OUTAGE", THREE,
            List.of(as(3320, down("r1", CONNECT_TIMEOUT).agent("r1-a2")), as(1, up("r1")),
                as(3320, down("r2", CONNECT_TIMEOUT).agent("r2-a2")), as(2, up("r2")),
                as(3320, down("r3", CONNECT_TIMEOUT).agent("r3-a2")), as(3, up("r3"))),
            Verdict.REGIONAL_OUTAGE),
        argumentSet("agents of one network in a region are one vote: one of them up makes it UP", regions(2),
            List.of(as(1, up("r1")), as(1, down("r1", CONNECT_TIMEOUT).agent("r1-a2")),
                as(1, down("r1", CONNECT_TIMEOUT).agent("r1-a3")), as(2, up("r2"))),
            Verdict.UP),
        argumentSet("without locations a lone dissent beside an up agent stays UP, as ever", regions(2),
            List.of(down("r1", CONNECT_TIMEOUT).build(), up("r1").agent("r1-a2").build(), up("r2").build()),
            Verdict.UP),
        argumentSet("a network down in one region but up in another is no network outage", regions(2),
            List.of(as(1, down("r1", CONNECT_TIMEOUT)), as(2, up("r1").agent("r1-a2")), as(1, up("r2"))),
            Verdict.UP));
  }

  @ParameterizedTest
  @MethodSource("verdicts")
  void verdictCountsOneVotePerDomain(List<String> expected, List<ProbeResult> results, Verdict verdict) {
    assertThat(assess(expected, results.toArray(ProbeResult[]::new)).verdict()).isEqualTo(verdict);
  }

  @Test
  void oneNetworkDownEverywhereIsNamedWithItsScope() {
    Assessment a = assess(THREE, as(3320, down("r1", CONNECT_TIMEOUT).agent("r1-a2")), as(1, up("r1")),
        as(3320, down("r2", CONNECT_TIMEOUT).agent("r2-a2")), as(2, up("r2")), as(4, up("r2").agent("r2-a3")),
        as(3, up("r3")));
    assertThat(a.scope()).isEqualTo(new Scope(THREE.subList(0, 2), List.of("AS3320")));
    assertThat(a.regions()).extracting(RegionReport::status).containsOnly(RegionStatus.UP);
    assertThat(a.summary()).isEqualTo("example.com is down only from AS3320 (connection timed out in r1 and r2); "
        + "up from 4 other networks");
    assertThat(a.diagnosis().evidence()).isEqualTo("CONNECT_TIMEOUT in 2 of 3 regions");
  }

  @Test
  void everyRegionDownFromOneNetworkSaysNoSecondNetworkConfirmsIt() {
    Assessment a = assess(THREE, at(down("r1", CONNECT_REFUSED), null, "hetzner"),
        at(down("r2", CONNECT_REFUSED), null, "hetzner"), at(down("r3", CONNECT_REFUSED), null, "hetzner"));
    assertThat(a.scope()).isEqualTo(new Scope(THREE, List.of("provider:hetzner")));
    assertThat(a.summary()).isEqualTo("example.com is down as seen from hetzner, the only network that answered "
        + "(connection refused in 3 regions): no second network confirms it is down for everyone");
  }

  @Test
  void aRegionalOutageSeenFromOneNetworkOnlySaysSo() {
    Assessment a = assess(THREE, as(3320, down("r1", CONNECT_TIMEOUT)), as(1, up("r2")), as(2, up("r3")));
    assertThat(a.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(a.scope()).isEqualTo(new Scope(List.of("r1"), List.of("AS3320")));
    assertThat(a.summary()).isEqualTo("example.com is down in r1 (connection timed out) and up in 2 other regions; "
        + "down only from AS3320, up from 2 other networks");
  }

  @Test
  void noLocationMeansNoScope() {
    Assessment a = Fixtures.assess(THREE, false, List.of(down("r1", CONNECT_TIMEOUT), up("r2"), up("r3")));
    assertThat(a.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(a.scope()).isNull();
    assertThat(a.summary()).isEqualTo("example.com is down in r1 (connection timed out) and up in 2 other regions");
  }

  @Test
  void aQuarantinedResultIsShownAsALocalIssueButNotCounted() {
    ProbeResult q = down("r1", CONNECT_TIMEOUT).build().withQuarantine("4 unconfirmed dissents in the last 1 h");
    Assessment a = assess(THREE, q, up("r2").build(), up("r3").build());
    assertThat(a.verdict()).isEqualTo(Verdict.UP);
    assertThat(a.regions().get(0).status()).isEqualTo(RegionStatus.IMPAIRED);
    assertThat(a.regions().get(0).results()).containsExactly(q);
    assertThat(a.localIssues()).containsExactly(
        LocalIssue.agent("r1-a1", "r1", "quarantined: 4 unconfirmed dissents in the last 1 h"));
  }
}
