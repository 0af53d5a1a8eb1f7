package downcheck.model.agent;

import downcheck.model.verdict.LocalIssue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which agents the network knows to be impaired from their heartbeats, for the consensus to
 * judge a region silent at the deadline ({@link downcheck.model.consensus.Evidence#knownImpaired()}).
 * Only regions whose live agents all say IMPAIRED count: with a healthy agent beside it, the
 * silence may be the healthy one's (a region's agents share its checks), so it stays MISSING.
 */
public final class KnownImpaired {
  static final String DEFAULT_REASON = "its heartbeat says its own network is impaired";

  private KnownImpaired() {}

  /** One agent-scope issue per impaired agent of an all-impaired region, with the heartbeat's reason. */
  public static List<LocalIssue> of(List<Heartbeat> liveAgents) {
    Map<String, List<Heartbeat>> byRegion = new LinkedHashMap<>();
    liveAgents.stream().sorted(Comparator.comparing(Heartbeat::agentId))
        .forEach(h -> byRegion.computeIfAbsent(h.region(), k -> new ArrayList<>()).add(h));
    List<LocalIssue> issues = new ArrayList<>();
    byRegion.forEach((region, agents) -> {
      if (agents.stream().allMatch(h -> h.status() == AgentStatus.IMPAIRED)) {
        agents.forEach(h -> issues.add(LocalIssue.agent(h.agentId(), region,
            h.reason() == null || h.reason().isBlank() ? DEFAULT_REASON : h.reason().strip())));
      }
    });
    return issues;
  }
}
