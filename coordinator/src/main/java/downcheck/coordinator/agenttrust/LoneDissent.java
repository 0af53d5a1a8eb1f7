package downcheck.coordinator.agenttrust;

import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import java.util.List;
import java.util.Optional;

/**
 * The agent that dissented alone in a final check, unconfirmed: the only counted DOWN of the
 * whole check, in a region another agent of which saw the target UP (so the region is UP). Its
 * failure was its own path's, as far as anyone could tell. Pure.
 */
public final class LoneDissent {
  private LoneDissent() {}

  public static Optional<ProbeResult> of(CheckView check) {
    if (!check.isFinal()) {
      return Optional.empty();
    }
    List<ProbeResult> downs = check.regions().stream().flatMap(g -> g.results().stream())
        .filter(r -> counted(r) && r.outcome() == Outcome.DOWN).toList();
    if (downs.size() != 1) {
      return Optional.empty();
    }
    ProbeResult lone = downs.get(0);
    RegionReport region = check.regions().stream().filter(g -> g.region().equals(lone.region())).findFirst().orElseThrow();
    boolean upBeside = region.status() == RegionStatus.UP && region.results().stream()
        .anyMatch(r -> counted(r) && r.outcome() == Outcome.UP && !r.agentId().equals(lone.agentId()));
    return upBeside ? Optional.of(lone) : Optional.empty();
  }

  private static boolean counted(ProbeResult r) {
    return !r.impaired() && !r.quarantined() && r.outcome() != Outcome.ERROR;
  }
}
