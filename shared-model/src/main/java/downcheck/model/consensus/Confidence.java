package downcheck.model.consensus;

import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.Verdict;
import java.util.List;

/** How sure the verdict is, in 0..1 (rule 7 of {@link Consensus}). */
final class Confidence {
  /** How much a fully split vote (half the regions against the other half) costs: 0.6 x 0.5. */
  static final double DISSENT_WEIGHT = 0.6;

  private Confidence() {}

  static double of(Verdict verdict, List<RegionReport> regions, Tally t) {
    if (verdict == Verdict.PENDING || t.expected() == 0 || t.usable() == 0) {
      return 0.0;
    }
    double coverage = (double) t.usable() / t.expected();
    double regionAgreement = 1.0 - DISSENT_WEIGHT * Math.min(t.up(), t.down()) / t.usable();
    return round(coverage * regionAgreement * agentAgreement(regions));
  }

  /** The share of counted results in usable regions that say what their region says. */
  private static double agentAgreement(List<RegionReport> regions) {
    int counted = 0;
    int agreeing = 0;
    for (RegionReport g : regions) {
      if (!RegionRules.isUsable(g)) {
        continue;
      }
      for (ProbeResult r : g.results()) {
        if (RegionRules.isEvidence(r)) {
          counted++;
          agreeing += RegionRules.agrees(r, g.status()) ? 1 : 0;
        }
      }
    }
    return counted == 0 ? 0.0 : (double) agreeing / counted;
  }

  private static double round(double c) {
    return Math.max(0.0, Math.min(1.0, Math.round(c * 100) / 100.0));
  }
}
