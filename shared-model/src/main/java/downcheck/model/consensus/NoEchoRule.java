package downcheck.model.consensus;

import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.List;

/**
 * A ping that no region's echo request got an answer to is not evidence of an outage: many hosts
 * and firewalls drop ICMP. Where every usable region is down and every counted result of those
 * regions is {@link ErrorClass#NO_ECHO}, the verdict is {@code INCONCLUSIVE}, never
 * {@code GLOBAL_OUTAGE}, and the summary says why (docs/consensus.md, "Ping"). One region that
 * answers, or one failure of another class, leaves the other rules to decide.
 */
final class NoEchoRule {
  private NoEchoRule() {}

  /** The verdict after this rule: INCONCLUSIVE instead of a global outage made of NO_ECHO alone. */
  static Verdict verdict(Verdict verdict, List<RegionReport> regions) {
    return verdict == Verdict.GLOBAL_OUTAGE && onlyNoEcho(regions) ? Verdict.INCONCLUSIVE : verdict;
  }

  /** True when every usable region is down and all their counted results are NO_ECHO. */
  static boolean onlyNoEcho(List<RegionReport> regions) {
    List<RegionReport> usable = regions.stream().filter(RegionRules::isUsable).toList();
    return !usable.isEmpty()
        && usable.stream().allMatch(g -> g.status() == RegionStatus.DOWN)
        && usable.stream().flatMap(g -> g.results().stream())
            .filter(r -> RegionRules.isEvidence(r) && r.outcome() == Outcome.DOWN)
            .allMatch(NoEchoRule::isNoEcho);
  }

  static String summary(String target, int usable) {
    return target + " answered no ping " + (usable == 1 ? "from its one region" : "from any of " + usable + " regions")
        + "; many hosts drop ICMP, so this alone does not mean it is down (an http:// or tcp:// check tells)";
  }

  private static boolean isNoEcho(ProbeResult r) {
    return r.errorClass() == ErrorClass.NO_ECHO;
  }
}
