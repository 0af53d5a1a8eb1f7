package downcheck.model.consensus;

import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.Diagnosis;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.Quorum;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The consensus function of DESIGN.md: pure, no I/O, no clock. (Core rules only; the
 * diagnosis, confidence and summary are filled in by issue 3.)
 */
public final class Consensus {
  private Consensus() {}

  public static Assessment assess(Evidence e) {
    Map<String, Map<String, ProbeResult>> byRegion = latestPerAgent(e);
    List<RegionReport> regions = new ArrayList<>();
    int reported = 0;
    int usable = 0;
    int down = 0;
    List<LocalIssue> issues = new ArrayList<>();
    for (String region : e.expectedRegions()) {
      List<ProbeResult> rs = new ArrayList<>(byRegion.getOrDefault(region, Map.of()).values());
      rs.sort(Comparator.comparing(ProbeResult::agentId));
      RegionStatus status = regionStatus(rs, e.deadlinePassed());
      if (!rs.isEmpty()) {
        reported++;
      }
      if (status == RegionStatus.UP || status == RegionStatus.DOWN) {
        usable++;
      }
      if (status == RegionStatus.DOWN) {
        down++;
      }
      for (ProbeResult r : rs) {
        if (r.impaired()) {
          issues.add(LocalIssue.agent(r.agentId(), r.region(), r.impairedReason()));
        }
      }
      regions.add(new RegionReport(region, status, rs));
    }
    int expected = e.expectedRegions().size();
    int required = quorum(expected);
    boolean complete = reported == expected;
    Verdict verdict;
    if (reported == 0 && !e.deadlinePassed()) {
      verdict = Verdict.PENDING;
    } else if (usable < required) {
      verdict = Verdict.INCONCLUSIVE;
    } else if (down == usable) {
      verdict = Verdict.GLOBAL_OUTAGE;
    } else if (down > 0) {
      verdict = Verdict.REGIONAL_OUTAGE;
    } else {
      verdict = Verdict.UP;
    }
    boolean justYou = e.client() != null && e.client().saysUnreachable()
        && (verdict == Verdict.UP || verdict == Verdict.DEGRADED);
    return new Assessment(verdict, complete || e.deadlinePassed(), justYou, 0.0, verdict.name(),
        Diagnosis.NONE, new Quorum(expected, reported, usable, required), regions, issues);
  }

  /** {@code min(expected, max(2, expected / 2 + 1))}, and 1 when only one region exists. */
  public static int quorum(int expected) {
    if (expected <= 1) {
      return expected;
    }
    return Math.min(expected, Math.max(2, expected / 2 + 1));
  }

  static RegionStatus regionStatus(List<ProbeResult> results, boolean deadlinePassed) {
    if (results.isEmpty()) {
      return deadlinePassed ? RegionStatus.MISSING : RegionStatus.PENDING;
    }
    int up = 0;
    int down = 0;
    for (ProbeResult r : results) {
      if (r.impaired() || r.outcome() == Outcome.ERROR) {
        continue;
      }
      if (r.outcome() == Outcome.UP) {
        up++;
      } else {
        down++;
      }
    }
    if (up + down == 0) {
      return RegionStatus.IMPAIRED;
    }
    return up >= down ? RegionStatus.UP : RegionStatus.DOWN;
  }

  /** Idempotent on (check, agent): a duplicate delivery replaces nothing it should not. */
  private static Map<String, Map<String, ProbeResult>> latestPerAgent(Evidence e) {
    Map<String, Map<String, ProbeResult>> byRegion = new LinkedHashMap<>();
    for (ProbeResult r : e.results()) {
      byRegion.computeIfAbsent(r.region(), k -> new LinkedHashMap<>()).putIfAbsent(r.agentId(), r);
    }
    return byRegion;
  }
}
