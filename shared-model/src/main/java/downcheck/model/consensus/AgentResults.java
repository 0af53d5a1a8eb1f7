package downcheck.model.consensus;

import downcheck.model.result.ProbeResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One result per agent, whatever the order and the duplicates (rule 1 of {@link Consensus}). */
final class AgentResults {
  /**
   * The earliest result wins, then the smaller by content: a total order, so arrival order
   * never matters, and a later re-send of an agent cannot undo what it said first.
   */
  static final Comparator<ProbeResult> PREFERRED = Comparator
      .comparing(ProbeResult::finishedAt, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(ProbeResult::toString);

  private AgentResults() {}

  /** The winning result of every agent of the given regions, grouped by region, sorted by agent id. */
  static Map<String, List<ProbeResult>> byRegion(List<ProbeResult> results, Collection<String> regions) {
    Map<String, ProbeResult> byAgent = new HashMap<>();
    for (ProbeResult r : results) {
      if (r != null && regions.contains(r.region())) {
        byAgent.merge(r.agentId(), r, (a, b) -> PREFERRED.compare(a, b) <= 0 ? a : b);
      }
    }
    Map<String, List<ProbeResult>> byRegion = new HashMap<>();
    for (ProbeResult r : byAgent.values()) {
      byRegion.computeIfAbsent(r.region(), k -> new ArrayList<>()).add(r);
    }
    byRegion.values().forEach(rs -> rs.sort(Comparator.comparing(ProbeResult::agentId)));
    return byRegion;
  }
}
