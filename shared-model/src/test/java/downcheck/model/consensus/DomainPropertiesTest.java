package downcheck.model.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.agent.Location;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** What the domain rule must keep for any evidence: the promises of docs/consensus.md, "Failure domains". */
class DomainPropertiesTest {
  private static final List<String> REGIONS = List.of("r1", "r2", "r3", "r4");
  private static final List<Long> ASNS = List.of(64500L, 64501L, 64502L);
  private static final List<String> PROVIDERS = List.of("hetzner", "ovh");

  @Property(tries = 300)
  void withoutLocationsTheVerdictIsTheOneOfRegionsByAgents(@ForAll("evidence") Evidence located) {
    Evidence e = with(located, located.results().stream().map(r -> placed(r, null)).toList());
    Assessment a = Consensus.assess(e);
    // the rule as it stood before agents had a place: a region by its agents' majority, then the table
    List<RegionReport> byAgents = a.regions().stream()
        .map(g -> new RegionReport(g.region(), byAgents(g, e.deadlinePassed()), g.results())).toList();
    assertThat(a.regions()).isEqualTo(byAgents);
    long slowMs = e.slowMs() > 0 ? e.slowMs() : Consensus.DEFAULT_SLOW_MS;
    assertThat(a.verdict()).isEqualTo(Consensus.verdict(Tally.of(byAgents), RegionRules.medianUpMs(byAgents), slowMs));
    assertThat(a.scope()).isNull();
  }

  @Property(tries = 300)
  void renamingDomainsChangesNothingButTheirNames(@ForAll("evidence") Evidence e, @ForAll @IntRange(min = 1, max = 2) int shift) {
    Map<Long, Long> asn = Map.of(64500L, 64500L + shift * 7, 64501L, 64501L + shift * 3, 64502L, 64490L);
    Map<String, String> provider = Map.of("hetzner", "aws", "ovh", "home" + shift);
    UnaryOperator<String> rename = d -> d.startsWith("AS")
        ? "AS" + asn.getOrDefault(Long.parseLong(d.substring(2)), Long.parseLong(d.substring(2)))
        : d.startsWith(Domains.PROVIDER_PREFIX)
            ? Domains.PROVIDER_PREFIX + provider.get(d.substring(Domains.PROVIDER_PREFIX.length())) : d;
    Evidence renamed = with(e, e.results().stream().map(r -> {
      Location l = r.location();
      return l == null ? r : placed(r, new Location(null, null, l.provider() == null ? null : provider.get(l.provider()),
          l.asn() == null ? null : asn.get(l.asn()), List.of()));
    }).toList());
    Assessment before = Consensus.assess(e);
    Assessment after = Consensus.assess(renamed);
    assertThat(after.verdict()).isEqualTo(before.verdict());
    assertThat(after.confidence()).isEqualTo(before.confidence());
    assertThat(after.diagnosis()).isEqualTo(before.diagnosis());
    assertThat(after.localIssues()).isEqualTo(before.localIssues());
    assertThat(after.regions()).extracting(RegionReport::status)
        .isEqualTo(before.regions().stream().map(RegionReport::status).toList());
    if (before.scope() == null) {
      assertThat(after.scope()).isNull();
    } else {
      assertThat(after.scope().regions()).isEqualTo(before.scope().regions());
      assertThat(new HashSet<>(after.scope().networks()))
          .isEqualTo(new HashSet<>(before.scope().networks().stream().map(rename).toList()));
    }
  }

  @Property(tries = 300)
  void addingAgentsOfANetworkWhereItAnsweredNeverTurnsAVerdictGlobal(@ForAll("evidence") Evidence e,
      @ForAll("results") List<ProbeResult> extra, @ForAll @IntRange(min = 0, max = 50) int pick) {
    Assessment before = Consensus.assess(e);
    // each agent's winning result, as the consensus counted it
    List<ProbeResult> counted = before.regions().stream().flatMap(g -> g.results().stream())
        .filter(r -> r.location() != null && RegionRules.isEvidence(r))
        .toList();
    if (counted.isEmpty()) {
      return;
    }
    ProbeResult anchor = counted.get(pick % counted.size());
    List<ProbeResult> more = new ArrayList<>(e.results());
    for (int i = 0; i < extra.size(); i++) {
      ProbeResult x = extra.get(i);
      more.add(placed(new ProbeResult(new Stamp(0, "c-1", "clone-" + i, anchor.region(), x.finishedAt(), x.impaired(),
          x.impairedReason()), x.probe()), anchor.location()));
    }
    if (before.verdict() != Verdict.GLOBAL_OUTAGE) {
      assertThat(Consensus.assess(with(e, more)).verdict()).isNotEqualTo(Verdict.GLOBAL_OUTAGE);
    }
  }

  @Property(tries = 300)
  void oneNetworkAloneIsNeverAGlobalOutageOfSeveralRegions(@ForAll("evidence") Evidence e) {
    if (e.expectedRegions().size() < 2) {
      return;
    }
    Location one = new Location(null, null, "hetzner", null, List.of());
    Evidence cloud = with(e, e.results().stream().map(r -> placed(r, one)).toList());
    assertThat(Consensus.assess(cloud).verdict()).isNotEqualTo(Verdict.GLOBAL_OUTAGE);
  }

  @Property(tries = 300)
  void quarantinedAgentsAloneNeverMakeAnOutage(@ForAll("evidence") Evidence e) {
    Evidence q = with(e, e.results().stream().map(r -> r.withQuarantine("3 unconfirmed dissents")).toList());
    assertThat(Consensus.assess(q).verdict()).isNotIn(Verdict.GLOBAL_OUTAGE, Verdict.REGIONAL_OUTAGE);
  }

  /** The region status of before the domain rule: most counted results up or down, by agent. */
  private static RegionStatus byAgents(RegionReport g, boolean deadlinePassed) {
    if (g.results().isEmpty()) {
      return g.status(); // PENDING, MISSING or IMPAIRED: no result to count
    }
    long up = g.results().stream().filter(r -> RegionRules.isEvidence(r) && r.outcome() == Outcome.UP).count();
    long down = g.results().stream().filter(r -> RegionRules.isEvidence(r) && r.outcome() == Outcome.DOWN).count();
    if (up + down == 0) {
      return g.status();
    }
    return up >= down ? RegionStatus.UP : RegionStatus.DOWN;
  }

  @Provide
  Arbitrary<Evidence> evidence() {
    Arbitrary<List<String>> expected = Arbitraries.of(REGIONS).list().uniqueElements().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(expected, results(), Arbitraries.of(true, false))
        .as((regions, rs, deadline) -> new Evidence("example.com", regions, rs, 2000, null, deadline));
  }

  /** Results whose agents each stand in one place (an agent's location is its own, whichever result). */
  @Provide
  Arbitrary<List<ProbeResult>> results() {
    return result().list().ofMaxSize(14).map(rs -> {
      Map<String, Location> where = new java.util.HashMap<>();
      rs.forEach(r -> where.putIfAbsent(r.agentId(), r.location()));
      return rs.stream().map(r -> placed(r, where.get(r.agentId()))).toList();
    });
  }

  private Arbitrary<ProbeResult> result() {
    Arbitrary<String> region = Arbitraries.of(REGIONS);
    Arbitrary<Integer> agent = Arbitraries.integers().between(1, 4);
    Arbitrary<Outcome> outcome = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(5, Outcome.UP), net.jqwik.api.Tuple.of(5, Outcome.DOWN), net.jqwik.api.Tuple.of(1, Outcome.ERROR));
    Arbitrary<Boolean> impaired = Arbitraries.integers().between(0, 5).map(i -> i == 0);
    Arbitrary<Long> asn = Arbitraries.of(ASNS).injectNull(0.4);
    Arbitrary<String> provider = Arbitraries.of(PROVIDERS).injectNull(0.5);
    Arbitrary<Integer> at = Arbitraries.integers().between(0, 20);
    return Combinators.combine(region, agent, outcome, impaired, asn, provider, at)
        .as((g, a, o, imp, n, p, s) -> {
          ProbeResult r = new ProbeResult(
              new Stamp(0, "c-1", g + "-a" + a, g, Fixtures.T0.plusSeconds(s), imp, imp ? "canaries failed" : null),
              new ProbeOutcome(o, o == Outcome.DOWN ? ErrorClass.CONNECT_TIMEOUT : null, o == Outcome.UP ? 200 : null,
                  Timings.total(300), null, null, null, null, null, null));
          return n == null && p == null ? r : placed(r, new Location(null, null, p, n, List.of()));
        });
  }

  private static ProbeResult placed(ProbeResult r, Location l) {
    return new ProbeResult(r.stamp().withLocation(l), r.probe());
  }

  private static Evidence with(Evidence e, List<ProbeResult> results) {
    return new Evidence(e.target(), e.expectedRegions(), results, e.slowMs(), e.client(), e.deadlinePassed());
  }
}
