package downcheck.coordinator.opinion;

import downcheck.coordinator.judge.Ask;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.Heartbeat;
import downcheck.model.agent.Location;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * When to ask a second opinion, and of whom (docs/consensus.md, "A second opinion before down").
 * Pure: a check as it stands once all its regions answered, and the live agents, in; the
 * opinions to ask out.
 *
 * <ol>
 * <li><b>Why.</b> A region is asked about when one agent alone says it is DOWN there (its only
 *     counted DOWN result) and either the region dissents (some regions are UP and no more are
 *     DOWN than UP: today a REGIONAL_OUTAGE), or the verdict is an outage whose confidence is below
 *     {@link SecondOpinionSettings#belowConfidence()}. Two agents of a region that both saw it
 *     down confirm each other already; an UP is never second-guessed (the server answered someone).
 * <li><b>How many.</b> One per region, {@link SecondOpinionSettings#maxPerCheck()} per check at
 *     most: dissenting regions first, then the low-confidence ones, each in the check's order.
 * <li><b>Of whom.</b> A live, healthy agent of that region that has not answered the check,
 *     on another network first: another ASN, else another provider, then one whose network is not
 *     known, last one of the same network; ties by agent id. None: the opinion is not asked and
 *     says so ("no other agent in eu-west to ask").
 * </ol>
 */
public final class SecondOpinionRule {
  private SecondOpinionRule() {}

  /** The second opinions to ask about {@code check}; empty when none is wanted. */
  public static List<Ask> decide(CheckView check, List<Heartbeat> live, SecondOpinionSettings settings) {
    if (!settings.enabled() || check.isFinal()) {
      return List.of();
    }
    List<RegionReport> lone = check.regions().stream()
        .filter(g -> g.status() == RegionStatus.DOWN && loneDown(g) != null).toList();
    long up = check.regions().stream().filter(g -> g.status() == RegionStatus.UP).count();
    long down = check.regions().stream().filter(g -> g.status() == RegionStatus.DOWN).count();
    boolean dissent = up > 0 && down <= up;
    boolean unsure = (check.verdict() == Verdict.GLOBAL_OUTAGE || check.verdict() == Verdict.REGIONAL_OUTAGE)
        && check.confidence() < settings.belowConfidence();
    if (lone.isEmpty() || !(dissent || unsure)) {
      return List.of();
    }
    Set<String> answered = new HashSet<>();
    check.regions().forEach(g -> g.results().forEach(r -> answered.add(r.agentId())));
    List<Ask> asks = new ArrayList<>();
    for (RegionReport g : lone.subList(0, Math.min(lone.size(), settings.maxPerCheck()))) {
      ProbeResult first = loneDown(g);
      String because = dissent
          ? first.agentId() + " alone saw it down in " + g.region() + "; " + up + " other region"
              + (up == 1 ? "" : "s") + " saw it up"
          : first.agentId() + " saw it down in " + g.region() + ", and the verdict's confidence "
              + String.format(Locale.ROOT, "%.2f", check.confidence()) + " is below "
              + String.format(Locale.ROOT, "%.2f", settings.belowConfidence());
      String other = pick(g.region(), first, live, answered);
      asks.add(other == null ? Ask.notAsked(g.region(), first.agentId(), because, "no other agent in " + g.region()
          + " to ask") : Ask.of(other, g.region(), first.agentId(), because));
    }
    return asks;
  }

  /** The region's one counted DOWN result, or null when it has none or more than one. */
  static ProbeResult loneDown(RegionReport g) {
    List<ProbeResult> down = g.results().stream()
        .filter(r -> !r.impaired() && r.outcome() == Outcome.DOWN).toList();
    return down.size() == 1 ? down.get(0) : null;
  }

  /** The agent to ask in {@code region} instead of {@code first}, another network first; null when none. */
  static String pick(String region, ProbeResult first, List<Heartbeat> live, Set<String> answered) {
    Location firstPlace = first.location() != null ? first.location() : live.stream()
        .filter(h -> h.agentId().equals(first.agentId())).map(Heartbeat::location).filter(Objects::nonNull)
        .findFirst().orElse(null);
    return live.stream()
        .filter(h -> h.region().equals(region) && h.status() == AgentStatus.HEALTHY && !answered.contains(h.agentId()))
        .min(Comparator.<Heartbeat>comparingInt(h -> distance(firstPlace, h.location()))
            .thenComparing(Heartbeat::agentId))
        .map(Heartbeat::agentId)
        .orElse(null);
  }

  /**
   * 0: another network (ASNs differ, or, where either has none, providers differ); 1: not known
   * (a place not stated); 2: the same network.
   */
  static int distance(Location first, Location candidate) {
    if (first == null || candidate == null) {
      return 1;
    }
    if (first.asn() != null && candidate.asn() != null) {
      return first.asn().equals(candidate.asn()) ? 2 : 0;
    }
    String a = provider(first);
    String b = provider(candidate);
    if (a == null || b == null) {
      return 1;
    }
    return a.equals(b) ? 2 : 0;
  }

  private static String provider(Location l) {
    return l.provider() == null || l.provider().isBlank() ? null : l.provider().toLowerCase(Locale.ROOT);
  }
}
