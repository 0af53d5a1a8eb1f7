package downcheck.model.consensus;

import downcheck.model.agent.Location;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Independent failure domains (the domain rule of {@link Consensus}): who counts as one eye.
 *
 * <p>A result's domain is its agent's ASN ({@code AS3320}), else its provider
 * ({@code provider:hetzner}), else the agent itself ({@code agent:eu-west-a1}): an agent that
 * states no network is known to share nothing with the others, as every agent was before agents
 * had a place, so a network whose agents state nothing is judged exactly as before. Domains named
 * by an ASN or a provider are <i>networks</i>.
 *
 * <p>A <i>cell</i> is one domain in one region: it says UP when any of its counted results there
 * is up (the server answered that network there; its other agents' failures are theirs), else DOWN.
 */
final class Domains {
  static final String AGENT_PREFIX = "agent:";
  static final String PROVIDER_PREFIX = "provider:";

  private Domains() {}

  /** The failure domain of a result's agent. */
  static String of(ProbeResult r) {
    Location l = r.location();
    if (l != null && l.asn() != null) {
      return "AS" + l.asn();
    }
    if (l != null && l.provider() != null && !l.provider().isBlank()) {
      return PROVIDER_PREFIX + l.provider().strip();
    }
    return AGENT_PREFIX + r.agentId();
  }

  static boolean isNetwork(String domain) {
    return !domain.startsWith(AGENT_PREFIX);
  }

  /** A domain for people: "AS3320", "hetzner", "agent eu-west-a1". */
  static String label(String domain) {
    if (domain.startsWith(PROVIDER_PREFIX)) {
      return domain.substring(PROVIDER_PREFIX.length());
    }
    return domain.startsWith(AGENT_PREFIX) ? "agent " + domain.substring(AGENT_PREFIX.length()) : domain;
  }

  /** The cells of one region's results: domain &rarr; true when it saw the target up there. Counted results only. */
  static Map<String, Boolean> cells(List<ProbeResult> results) {
    Map<String, Boolean> cells = new TreeMap<>();
    for (ProbeResult r : results) {
      if (RegionRules.isEvidence(r) && (r.outcome() == Outcome.UP || r.outcome() == Outcome.DOWN)) {
        cells.merge(of(r), r.outcome() == Outcome.UP, Boolean::logicalOr);
      }
    }
    return cells;
  }

  /**
   * How the domains voted, over the usable regions.
   *
   * @param downInDownRegions domains with a DOWN cell in a DOWN region: the independent eyes behind "down"
   * @param downNetworks      networks whose every cell is DOWN: they saw the target down wherever they stood
   * @param upDomains         domains with an UP cell somewhere
   * @param downAnywhere      domains with a DOWN cell somewhere
   * @param located           whether any counted result named its network
   */
  record Votes(Set<String> downInDownRegions, List<String> downNetworks, Set<String> upDomains,
               Set<String> downAnywhere, boolean located) {

    static Votes of(List<RegionReport> regions) {
      Set<String> downInDown = new TreeSet<>();
      Map<String, Boolean> everUp = new TreeMap<>();
      Set<String> up = new TreeSet<>();
      Set<String> down = new TreeSet<>();
      for (RegionReport g : regions) {
        if (!RegionRules.isUsable(g)) {
          continue;
        }
        cells(g.results()).forEach((domain, sawUp) -> {
          everUp.merge(domain, sawUp, Boolean::logicalOr);
          (sawUp ? up : down).add(domain);
          if (!sawUp && g.status() == RegionStatus.DOWN) {
            downInDown.add(domain);
          }
        });
      }
      List<String> downNetworks = everUp.entrySet().stream()
          .filter(e -> !e.getValue() && isNetwork(e.getKey())).map(Map.Entry::getKey).toList();
      boolean located = everUp.keySet().stream().anyMatch(Domains::isNetwork);
      return new Votes(downInDown, downNetworks, up, down, located);
    }

    /** Every DOWN cell is one of the down networks': the outage is seen from them only. */
    boolean onlyFromDownNetworks() {
      return !downNetworks.isEmpty() && downNetworks.containsAll(downAnywhere);
    }

    /** Domains that saw the target up, other than the down networks. */
    int othersUp() {
      return (int) upDomains.stream().filter(d -> !downNetworks.contains(d)).count();
    }
  }

  /**
   * Independent domains a GLOBAL_OUTAGE needs among the eyes that saw it down: two, or one when
   * only one region exists (as the quorum of regions is one then).
   */
  static int needed(int expectedRegions) {
    return expectedRegions <= 1 ? 1 : 2;
  }

  /** Where a REGIONAL_OUTAGE was seen: its DOWN regions and the regions of its down networks. */
  static Scope scope(List<RegionReport> regions, Votes votes) {
    List<String> where = new ArrayList<>();
    for (RegionReport g : regions) {
      boolean seenThere = g.status() == RegionStatus.DOWN
          || RegionRules.isUsable(g) && cells(g.results()).entrySet().stream()
              .anyMatch(c -> !c.getValue() && votes.downNetworks().contains(c.getKey()));
      if (seenThere) {
        where.add(g.region());
      }
    }
    return new Scope(where, votes.downNetworks());
  }

  /**
   * The regions as the diagnosis sees an outage of networks only: each region where a down network
   * stood is DOWN with that network's results, the others as they are.
   */
  static List<RegionReport> asSeenByDownNetworks(List<RegionReport> regions, Votes votes) {
    List<RegionReport> out = new ArrayList<>();
    for (RegionReport g : regions) {
      List<ProbeResult> theirs = g.results().stream()
          .filter(r -> RegionRules.isEvidence(r) && r.outcome() == Outcome.DOWN
              && votes.downNetworks().contains(of(r)))
          .toList();
      out.add(RegionRules.isUsable(g) && !theirs.isEmpty() ? new RegionReport(g.region(), RegionStatus.DOWN, theirs) : g);
    }
    return out;
  }
}
