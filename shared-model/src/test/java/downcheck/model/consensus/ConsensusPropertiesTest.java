package downcheck.model.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.check.ClientView;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** What must hold for any evidence, not just the cases someone thought of. */
class ConsensusPropertiesTest {
  private static final List<String> REGIONS = List.of("r1", "r2", "r3", "r4", "r5");

  @Property
  void anyOrderAndDuplicatesGiveTheSameAssessment(@ForAll("evidence") Evidence e, @ForAll Random random) {
    List<ProbeResult> shuffled = new ArrayList<>(e.results());
    for (ProbeResult r : e.results()) {
      if (random.nextBoolean()) {
        shuffled.add(r);
      }
    }
    Collections.shuffle(shuffled, random);
    assertThat(Consensus.assess(with(e, shuffled))).isEqualTo(Consensus.assess(e));
  }

  @Property
  void impairedAgentsAloneNeverMakeAnOutage(@ForAll("evidence") Evidence e) {
    List<ProbeResult> impaired = e.results().stream().map(r -> r.withImpaired(true, "canaries failed")).toList();
    assertThat(Consensus.assess(with(e, impaired)).verdict())
        .isNotIn(Verdict.GLOBAL_OUTAGE, Verdict.REGIONAL_OUTAGE);
  }

  @Property
  void anImpairedAgentNeverTurnsAVerdictIntoAnOutage(@ForAll("evidence") Evidence e, @ForAll("result") ProbeResult extra) {
    ProbeResult impaired = copy(extra, "impaired-" + extra.agentId(), extra.region(), extra.finishedAt())
        .withImpaired(true, "canaries failed");
    List<ProbeResult> more = new ArrayList<>(e.results());
    more.add(impaired);
    Assessment before = Consensus.assess(e);
    Assessment after = Consensus.assess(with(e, more));
    assertThat(after.quorum().usable()).isEqualTo(before.quorum().usable());
    // the only change an impaired answer may make: a silent region now answered, so a
    // quorum that was still reachable may no longer be
    if (after.verdict() != before.verdict()) {
      assertThat(before.verdict()).isEqualTo(Verdict.PENDING);
      assertThat(after.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }
  }

  @Property
  void onceFinalAnotherResultOfAnAnsweredAgentChangesNothing(
      @ForAll("results") List<ProbeResult> results, @ForAll("result") ProbeResult template,
      @ForAll boolean exactDuplicate, @ForAll @IntRange(min = 0, max = 30) int pick) {
    if (results.isEmpty()) {
      return;
    }
    List<String> answered = results.stream().map(ProbeResult::region).distinct().sorted().toList();
    Evidence e = new Evidence("example.com", answered, results, 2000, null, false);
    Assessment before = Consensus.assess(e);
    assertThat(before.isFinal()).isTrue();

    ProbeResult agent = results.get(pick % results.size());
    Instant latest = results.stream().filter(r -> r.agentId().equals(agent.agentId()))
        .map(ProbeResult::finishedAt).max(Comparator.naturalOrder()).orElseThrow();
    ProbeResult again = exactDuplicate ? agent : copy(template, agent.agentId(), agent.region(), latest.plusSeconds(1));
    List<ProbeResult> more = new ArrayList<>(results);
    more.add(again);
    assertThat(Consensus.assess(with(e, more))).isEqualTo(before);
  }

  @Property
  void confidenceIsAlwaysBetweenZeroAndOne(@ForAll("evidence") Evidence e) {
    Assessment a = Consensus.assess(e);
    assertThat(a.confidence()).isBetween(0.0, 1.0);
    if (a.verdict() == Verdict.PENDING) {
      assertThat(a.confidence()).isZero();
    }
  }

  @Property
  void finalExactlyWhenEveryRegionAnsweredOrTheDeadlinePassed(@ForAll("evidence") Evidence e) {
    Assessment a = Consensus.assess(e);
    boolean allAnswered = a.regions().stream().noneMatch(g -> g.results().isEmpty());
    assertThat(a.isFinal()).isEqualTo(allAnswered || e.deadlinePassed());
    assertThat(a.regions()).extracting(RegionReport::status)
        .doesNotContain(e.deadlinePassed() ? RegionStatus.PENDING : RegionStatus.MISSING);
  }

  @Property
  void anOutageNeedsTheQuorumOfUsableRegions(@ForAll("evidence") Evidence e) {
    Assessment a = Consensus.assess(e);
    if (a.verdict() == Verdict.GLOBAL_OUTAGE || a.verdict() == Verdict.REGIONAL_OUTAGE
        || a.verdict() == Verdict.UP || a.verdict() == Verdict.DEGRADED) {
      assertThat(a.quorum().usable()).isGreaterThanOrEqualTo(a.quorum().required()).isPositive();
    }
  }

  @Property
  void quorumIsAMajorityOfAtLeastTwoButNeverMoreThanTheRegions(@ForAll @IntRange(min = 1, max = 1000) int expected) {
    int q = Consensus.quorum(expected);
    assertThat(q).isBetween(Math.min(2, expected), expected);
    assertThat(2 * q).isGreaterThan(expected);
  }

  @Provide
  Arbitrary<Evidence> evidence() {
    Arbitrary<List<String>> expected = Arbitraries.of(REGIONS).list().uniqueElements().ofMaxSize(5);
    Arbitrary<ClientView> client = Arbitraries.of(
        new ClientView(false, "timed out"), new ClientView(true, null), new ClientView(null, null)).injectNull(0.3);
    return Combinators.combine(expected, results(), Arbitraries.of(true, false), client, Arbitraries.of(1000L, 2000L))
        .as((regions, rs, deadline, c, slowMs) -> new Evidence("example.com", regions, rs, slowMs, c, deadline));
  }

  @Provide
  Arbitrary<List<ProbeResult>> results() {
    return result().list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<ProbeResult> result() {
    Arbitrary<String> region = Arbitraries.of(REGIONS);
    Arbitrary<Integer> agent = Arbitraries.integers().between(1, 3);
    Arbitrary<Outcome> outcome = Arbitraries.of(Outcome.class);
    Arbitrary<ErrorClass> errorClass = Arbitraries.of(ErrorClass.class);
    Arbitrary<Tuple.Tuple2<Integer, String>> http = Combinators.combine(
        Arbitraries.of(200, 403, 429, 502, 503).injectNull(0.2), Arbitraries.of("120").injectNull(0.7)).as(Tuple::of);
    Arbitrary<Boolean> impaired = Arbitraries.integers().between(0, 3).map(i -> i == 0);
    Arbitrary<Long> ms = Arbitraries.longs().between(10, 6000);
    Arbitrary<Integer> at = Arbitraries.integers().between(0, 20);
    return Combinators.combine(region, agent, outcome, errorClass, http, impaired, ms, at)
        .as((g, a, o, ec, h, imp, total, s) -> new ProbeResult(
            new Stamp(0, "c-1", g + "-a" + a, g, Fixtures.T0.plusSeconds(s), imp, imp ? "canaries failed" : null),
            new ProbeOutcome(o, errorClassFor(o, ec), h.get1(), Timings.total(total), null, null, null, null, h.get2(),
                null)));
  }

  /** A DOWN result's cause; an ERROR is sometimes a refusal (TARGET_REFUSED), which goes with ERROR only. */
  private static ErrorClass errorClassFor(Outcome o, ErrorClass ec) {
    if (o == Outcome.DOWN) {
      return ec == ErrorClass.TARGET_REFUSED ? ErrorClass.TIMEOUT : ec;
    }
    return o == Outcome.ERROR && ec.ordinal() % 3 == 0 ? ErrorClass.TARGET_REFUSED : null;
  }

  @Property
  void refusalsNeverMakeAnOutageNorAnImpairedRegionNorALocalIssue(@ForAll("evidence") Evidence e) {
    List<ProbeResult> refused = e.results().stream().map(r -> new ProbeResult(r.stamp(),
        ProbeOutcome.refused(r.timings(), "refused by policy"))).toList();
    Assessment a = Consensus.assess(with(e, refused));
    assertThat(a.verdict()).isNotIn(Verdict.GLOBAL_OUTAGE, Verdict.REGIONAL_OUTAGE, Verdict.DEGRADED, Verdict.UP);
    assertThat(a.regions()).extracting(RegionReport::status).doesNotContain(RegionStatus.IMPAIRED);
    assertThat(a.localIssues()).extracting(LocalIssue::scope).doesNotContain("agent");
  }

  private static Evidence with(Evidence e, List<ProbeResult> results) {
    return new Evidence(e.target(), e.expectedRegions(), results, e.slowMs(), e.client(), e.deadlinePassed());
  }

  private static ProbeResult copy(ProbeResult t, String agentId, String region, Instant finishedAt) {
    return new ProbeResult(new Stamp(t.schema(), t.checkId(), agentId, region, finishedAt, t.impaired(),
        t.impairedReason()), t.probe());
  }
}
