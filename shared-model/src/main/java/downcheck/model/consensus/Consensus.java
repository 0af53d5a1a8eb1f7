package downcheck.model.consensus;

import downcheck.model.check.ClientView;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The consensus function, which tells a global outage from a local problem:
 * the results of one check in, one {@link Assessment} out. Pure: no clock, no I/O, the same
 * evidence always gives the same assessment. These are all its rules, in one place;
 * {@code docs/consensus.md} says the same with examples.
 *
 * <ol>
 * <li><b>One result per agent.</b> Delivery is at least once, so the same agent may appear
 *     several times. Of an agent's results the earliest {@code finishedAt} wins (a result
 *     without one loses), then the smaller by content: any order, any duplicates, same answer,
 *     and a re-sent later result cannot undo what the agent said first. The evidence holds one
 *     check, so the key is the agent id. Results from regions the check was not sent to are
 *     ignored.
 * <li><b>Region status</b>, from the region's <i>counted</i> results: those of non-impaired
 *     agents whose outcome is not ERROR (an impaired agent's network failed its canaries; an
 *     ERROR means the probe could not run). {@code UP} when at least as many counted results are
 *     up as down (a tie is UP: the server answered someone there, so the failure is likelier on
 *     the other agent's path), {@code DOWN} when more are down, {@code IMPAIRED} when the region
 *     answered but nothing counts (only impaired agents, only ERRORs, or both: the region has
 *     spoken, nothing more is coming, as one agent per region takes a check),
 *     {@code REFUSED} instead of IMPAIRED when nothing counts and an agent refused the target
 *     ({@code TARGET_REFUSED}: it resolves to an address the network does not probe; the policy's
 *     answer, not the agent's network); {@code PENDING} when nothing came yet, {@code MISSING}
 *     when nothing came by the deadline, or {@code IMPAIRED} then if the network knows the
 *     region's agents to be impaired from their heartbeats ({@link Evidence#knownImpaired()}):
 *     "its probe has a local problem", not "it did not answer". Usable regions are those UP or DOWN.
 * <li><b>Quorum</b>: {@code min(expected, max(2, expected / 2 + 1))} usable regions, 1 when only
 *     one region exists (1&rarr;1, 2&rarr;2, 3&rarr;2, 5&rarr;3, 8&rarr;5).
 * <li><b>Verdict</b>, the first row that holds:
 *     {@code INCONCLUSIVE} when no region was asked;
 *     {@code PENDING} when fewer usable regions than the quorum, but the regions still silent
 *     could make it up (this covers "nothing has come in yet");
 *     {@code INCONCLUSIVE} when fewer usable regions than the quorum and they cannot;
 *     {@code GLOBAL_OUTAGE} when every usable region is down;
 *     {@code REGIONAL_OUTAGE} when at least one is down and one up;
 *     {@code DEGRADED} when all are up but the median {@code totalMs} of the counted UP results
 *     exceeds {@code slowMs} (2000 when not positive);
 *     {@code UP} otherwise. A provisional verdict is computed from what came in, by the same
 *     table: once the quorum is met it may already say UP or GLOBAL_OUTAGE; below the quorum it
 *     says PENDING, never a provisional INCONCLUSIVE that more answers would overturn.
 * <li><b>Final</b> when every expected region has at least one result (of any kind) or the
 *     deadline passed. This function does not remember: the caller stops recomputing a final
 *     check, which is what makes a final verdict never change.
 * <li><b>Diagnosis</b>, from the counted DOWN results of DOWN regions: DNS_NXDOMAIN,
 *     DNS_FAILURE &rarr; DNS; TLS_FAILURE &rarr; TLS; CONNECT_REFUSED &rarr; REFUSED;
 *     CONNECT_TIMEOUT, NETWORK_UNREACHABLE, TIMEOUT, CONNECTION_RESET &rarr; UNREACHABLE (no
 *     answer came back over the network: from outside, a hung server, a dropping firewall and a
 *     broken route look alike); HTTP_5XX and UNEXPECTED_STATUS by status: 429 &rarr;
 *     OVERLOADED, 503 with Retry-After &rarr; MAINTENANCE, 503 slower than {@code slowMs}
 *     &rarr; OVERLOADED, anything else &rarr; SERVER_ERROR ("the server answered, but not
 *     correctly"); CONTENT_MISMATCH &rarr; SERVER_ERROR. GEO_BLOCKED when some usable regions
 *     answered nothing but 403 while another usable region is UP with another status; those
 *     regions count as GEO_BLOCKED whether the check's {@code expect} made 403 UP or DOWN, so
 *     it can go with an UP verdict. The cause seen in the most regions wins, then the one with
 *     the most results, then the most specific (GEO_BLOCKED, DNS, REFUSED, TLS, MAINTENANCE,
 *     OVERLOADED, SERVER_ERROR, UNREACHABLE). The evidence names its error classes and
 *     statuses: "CONNECT_TIMEOUT in 1 of 3 regions" (of the usable regions). NONE, evidence
 *     "", when nothing failed.
 * <li><b>Confidence</b> = coverage &times; region agreement &times; agent agreement, to two
 *     decimals, 0 when PENDING or nothing is usable. Coverage = usable / expected (pending,
 *     impaired, missing regions lower it). Region agreement = 1 &minus; 0.6 &times;
 *     min(up, down) / usable: 1 when all agree, 0.8 for one dissenting region of three, 0.7 at
 *     worst, as an even split is still a clear regional outage, not a coin toss. Agent
 *     agreement = the share of counted results in usable regions that say what their region
 *     says.
 * <li><b>Summary</b>: one sentence with the evidence's target, e.g. "tiktok.com is down for
 *     everyone: connection refused in 5 of 5 regions", "tiktok.com is down in eu-west
 *     (connection timed out) and up in 2 other regions", "example.com is up in all 3 regions:
 *     it's just you", "still checking example.com: 1 of 3 regions answered", "could not check
 *     intranet.example: this network does not probe private addresses, and intranet.example
 *     resolves to one in 3 of 3 regions". Regions that give no usable answer (yet) are counted in
 *     parentheses; more than three down regions are
 *     counted, not named.
 * <li><b>The asker and local issues</b>: {@code justYou} when the asker says it cannot reach
 *     the target ({@code client.reachable = false}) and the verdict is UP or DEGRADED.
 *     {@code localIssues}: every impaired agent (reason: its {@code impairedReason}, or "its
 *     own network failed its canary check"; never for a TARGET_REFUSED result), and every agent
 *     known impaired of a region that is IMPAIRED without results (reason: its heartbeat's, then
 *     "; no result by the deadline"), then the asker when it says it cannot reach the
 *     target (reason: its error, or "you said you cannot reach it"), whatever the verdict: the
 *     entry records the asker's report, {@code justYou} is the judgement.
 * </ol>
 */
public final class Consensus {
  static final long DEFAULT_SLOW_MS = 2000;
  static final String IMPAIRED_REASON = "its own network failed its canary check";
  /**
   * The asker's entry in {@code localIssues}, always these words: a check is read by whoever has
   * its link, and the asker's own error text (up to 1,024 characters of theirs) is for them alone.
   */
  static final String CLIENT_REASON = "the asker's browser could not reach it";
  static final String SILENT_SUFFIX = "; no result by the deadline";

  private Consensus() {}

  public static Assessment assess(Evidence e) {
    List<String> expected = List.copyOf(new LinkedHashSet<>(
        e.expectedRegions().stream().filter(Objects::nonNull).toList()));
    Map<String, List<ProbeResult>> byRegion = AgentResults.byRegion(e.results(), expected);
    List<RegionReport> regions = new ArrayList<>();
    for (String region : expected) {
      List<ProbeResult> rs = byRegion.getOrDefault(region, List.of());
      boolean knownImpaired = e.knownImpaired().stream().anyMatch(i -> region.equals(i.region()));
      regions.add(new RegionReport(region, RegionRules.status(rs, e.deadlinePassed(), knownImpaired), rs));
    }
    Tally tally = Tally.of(regions);
    long slowMs = e.slowMs() > 0 ? e.slowMs() : DEFAULT_SLOW_MS;
    OptionalDouble medianMs = RegionRules.medianUpMs(regions);
    Verdict verdict = NoEchoRule.verdict(verdict(tally, medianMs, slowMs), regions);
    boolean justYou = saysUnreachable(e.client()) && (verdict == Verdict.UP || verdict == Verdict.DEGRADED);
    Diagnoser.Finding finding = Diagnoser.diagnose(regions, slowMs);
    String summary = Summaries.sentence(
        new Summaries.Facts(e.target(), verdict, regions, tally, finding, medianMs, justYou));
    return new Assessment(verdict, tally.isFinal(), justYou, Confidence.of(verdict, regions, tally), summary,
        finding.diagnosis(), tally.quorum(), regions, localIssues(regions, e.knownImpaired(), e.client()));
  }

  /** {@code min(expected, max(2, expected / 2 + 1))}, and 1 when only one region exists. */
  public static int quorum(int expected) {
    if (expected <= 1) {
      return Math.max(expected, 0);
    }
    return Math.min(expected, Math.max(2, expected / 2 + 1));
  }

  /** Rule 4. */
  static Verdict verdict(Tally t, OptionalDouble medianMs, long slowMs) {
    if (t.expected() == 0) {
      return Verdict.INCONCLUSIVE;
    }
    if (t.usable() < t.required()) {
      boolean stillReachable = t.pending() > 0 && t.usable() + t.pending() >= t.required();
      return stillReachable ? Verdict.PENDING : Verdict.INCONCLUSIVE;
    }
    if (t.down() == t.usable()) {
      return Verdict.GLOBAL_OUTAGE;
    }
    if (t.down() > 0) {
      return Verdict.REGIONAL_OUTAGE;
    }
    return medianMs.isPresent() && medianMs.getAsDouble() > slowMs ? Verdict.DEGRADED : Verdict.UP;
  }

  /** Rule 9. */
  private static List<LocalIssue> localIssues(List<RegionReport> regions, List<LocalIssue> knownImpaired,
      ClientView client) {
    List<LocalIssue> issues = new ArrayList<>();
    for (RegionReport g : regions) {
      for (ProbeResult r : g.results()) {
        if (r.impaired() && !RegionRules.isRefused(r)) {
          issues.add(LocalIssue.agent(r.agentId(), r.region(), orDefault(r.impairedReason(), IMPAIRED_REASON)));
        }
      }
      if (g.results().isEmpty() && g.status() == RegionStatus.IMPAIRED) {
        for (LocalIssue known : knownImpaired) {
          if (g.region().equals(known.region())) {
            issues.add(LocalIssue.agent(known.agentId(), known.region(),
                orDefault(known.reason(), IMPAIRED_REASON) + SILENT_SUFFIX));
          }
        }
      }
    }
    if (saysUnreachable(client)) {
      issues.add(LocalIssue.client(CLIENT_REASON));
    }
    return issues;
  }

  private static boolean saysUnreachable(ClientView client) {
    return client != null && client.saysUnreachable();
  }

  private static String orDefault(String text, String fallback) {
    return text == null || text.isBlank() ? fallback : text.strip();
  }
}
