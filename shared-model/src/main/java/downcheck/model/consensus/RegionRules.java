package downcheck.model.consensus;

import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** What one region says (rule 2 of {@link Consensus}). */
final class RegionRules {
  private RegionRules() {}

  /**
   * Impaired agents, quarantined agents (their trust record is past its threshold) and probes
   * that could not run say nothing about the target.
   */
  static boolean isEvidence(ProbeResult r) {
    return !r.impaired() && !r.quarantined() && r.outcome() != Outcome.ERROR;
  }

  /** The agent would not probe the target (it resolves to an address the network does not probe). */
  static boolean isRefused(ProbeResult r) {
    return r.outcome() == Outcome.ERROR && r.errorClass() == ErrorClass.TARGET_REFUSED;
  }

  /**
   * @param knownImpaired whether the network knows the region's agents to be impaired (their
   *                      heartbeats say so): a silent region is then IMPAIRED at the deadline
   */
  static RegionStatus status(List<ProbeResult> results, boolean deadlinePassed, boolean knownImpaired) {
    if (results.isEmpty()) {
      if (!deadlinePassed) {
        return RegionStatus.PENDING;
      }
      return knownImpaired ? RegionStatus.IMPAIRED : RegionStatus.MISSING;
    }
    // one vote per failure domain: agents of one network in one region are one eye (Domains);
    // with every agent its own domain, as without locations, these are the agents' own votes
    Map<String, Boolean> cells = Domains.cells(results);
    int up = (int) cells.values().stream().filter(sawUp -> sawUp).count();
    int down = cells.size() - up;
    if (up + down == 0) {
      // a refusal is the policy's answer, whatever the agent's own network: not an impaired region
      return results.stream().anyMatch(RegionRules::isRefused) ? RegionStatus.REFUSED : RegionStatus.IMPAIRED;
    }
    // a tie is UP: the server answered someone there; the failure is likelier the path's
    return up >= down ? RegionStatus.UP : RegionStatus.DOWN;
  }

  static boolean isUsable(RegionReport region) {
    return region.status() == RegionStatus.UP || region.status() == RegionStatus.DOWN;
  }

  /** Whether a result counts and says what its region says. */
  static boolean agrees(ProbeResult r, RegionStatus status) {
    return isEvidence(r) && (r.outcome() == Outcome.UP) == (status == RegionStatus.UP);
  }

  /** The median total time of the UP evidence in UP regions, empty when none has a time. */
  static OptionalDouble medianUpMs(List<RegionReport> regions) {
    long[] ms = regions.stream()
        .filter(g -> g.status() == RegionStatus.UP)
        .flatMap(g -> g.results().stream())
        .filter(r -> isEvidence(r) && r.outcome() == Outcome.UP && r.timings().totalMs() != null)
        .mapToLong(r -> r.timings().totalMs())
        .sorted()
        .toArray();
    if (ms.length == 0) {
      return OptionalDouble.empty();
    }
    int mid = ms.length / 2;
    return OptionalDouble.of(ms.length % 2 == 1 ? ms[mid] : (ms[mid - 1] + ms[mid]) / 2.0);
  }

}
