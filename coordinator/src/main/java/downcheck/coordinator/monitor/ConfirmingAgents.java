package downcheck.coordinator.monitor;

import downcheck.coordinator.check.AgentPicker;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.Heartbeat;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which agents run a monitor's confirming run (docs/monitors.md, "Confirmed by other eyes"): a
 * change is confirmed by other agents than those of the run that first saw it, so one agent's
 * own broken path cannot confirm itself. Pure.
 *
 * <p>For each region of the run: a live, healthy agent that did not answer the run that first saw
 * the change, on another network first ({@link AgentPicker#others}); when the region has no such
 * agent, its agent that answered (a region with one agent can only confirm with it). Empty, so
 * that the run goes to the regions' groups as any run, when no region has another agent.
 */
final class ConfirmingAgents {
  private ConfirmingAgents() {}

  /** The agents to send the confirming run to, one per region of {@code regions}; empty: send it as usual. */
  static List<Heartbeat> choose(CheckView first, List<String> regions, List<Heartbeat> live) {
    Set<String> answered = new HashSet<>();
    first.regions().forEach(g -> g.results().forEach(r -> answered.add(r.agentId())));
    List<Heartbeat> healthy = live.stream().filter(h -> h.status() == AgentStatus.HEALTHY).toList();
    List<Heartbeat> chosen = new ArrayList<>();
    boolean other = false;
    for (String region : regions) {
      List<Heartbeat> before = healthy.stream().filter(h -> h.region().equals(region) && answered.contains(h.agentId()))
          .toList();
      List<Heartbeat> next = AgentPicker.others(healthy, region, answered, before, 1, first.id().hashCode());
      if (!next.isEmpty()) {
        chosen.add(next.get(0));
        other = true;
      } else {
        String again = answeredIn(first, region);
        Heartbeat same = again == null ? null
            : live.stream().filter(h -> h.agentId().equals(again)).findFirst().orElse(null);
        if (same == null) {
          return List.of(); // a region no live agent of which can be named: let its group answer
        }
        chosen.add(same);
      }
    }
    return other ? chosen : List.of();
  }

  private static String answeredIn(CheckView check, String region) {
    for (RegionReport g : check.regions()) {
      if (g.region().equals(region)) {
        return g.results().stream().map(ProbeResult::agentId).findFirst().orElse(null);
      }
    }
    return null;
  }
}
