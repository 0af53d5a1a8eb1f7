package downcheck.coordinator.check;

import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.Heartbeat;
import downcheck.model.agent.Location;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which live agents answer a check that asks for several eyes (docs/api.md: {@code perRegion},
 * {@code locations}, {@code limit}), or for a second opinion. Pure: the live agents in (their
 * heartbeats, e.g. {@code AgentRegistry.liveAgents()}), the chosen ones out, no clock, no I/O.
 *
 * <p>The rule, for every choice: distinct agents; healthy agents before impaired ones (an
 * impaired agent only when no healthy one is left to choose: its answer is shown, not counted);
 * among those, spread over failure domains first and then over providers: an agent of a
 * {@linkplain #domain domain} none of the chosen ones is in before a second of one domain (so no
 * two of one AS while another AS is available), and of a provider none is in before a second of
 * one provider. Agents equal on all that are ordered by a hash of {@code seed} and their id, so
 * different checks (seed = a hash of the check id) spread their load over a region's agents
 * while one check's choice is always the same.
 */
public final class AgentPicker {
  private AgentPicker() {}

  /**
   * The agents a check with these {@link Eyes} is sent to: {@link #perRegion} of {@code regions},
   * or {@link #matching} the locations (within {@code regions} when the check named some).
   * Empty for the default eyes (the regions' groups answer), and when no live agent matches.
   *
   * @param named the regions the check named (empty: any region), used with locations
   */
  public static List<Heartbeat> choose(Collection<Heartbeat> live, List<String> regions, List<String> named, Eyes eyes,
      long seed) {
    if (eyes.isDefault()) {
      return List.of();
    }
    return eyes.locations().isEmpty() ? perRegion(live, regions, eyes.perRegion(), seed)
        : matching(live, named, eyes.locations(), eyes.limit(), seed);
  }

  /**
   * Up to {@code perRegion} agents of each region of {@code regions}, in the order of
   * {@code regions}; a region with fewer live agents gives what it has.
   *
   * @param live      the live agents (any order, any regions)
   * @param regions   the regions asked for
   * @param perRegion agents per region, at least 1
   * @param seed      spreads load between checks (e.g. the check id's hash)
   */
  public static List<Heartbeat> perRegion(Collection<Heartbeat> live, List<String> regions, int perRegion, long seed) {
    List<Heartbeat> chosen = new ArrayList<>();
    for (String region : regions) {
      List<Heartbeat> pool = live.stream().filter(h -> h.region().equals(region)).toList();
      chosen.addAll(spread(pool, List.of(), perRegion, seed));
    }
    return chosen;
  }

  /**
   * Up to {@code limit} agents, each matching at least one of {@code locations}: the locations
   * take turns (the first agent for the first location, the next for the second, ...), so each
   * location that has an agent gets one before any gets two; every pick spread as the class says.
   * Empty when no live agent matches any location.
   *
   * @param regions   when not empty, only agents of these regions
   * @param locations filters of one field each ({@link #matches})
   * @param limit     agents in all, at least 1
   */
  public static List<Heartbeat> matching(Collection<Heartbeat> live, List<String> regions, List<Location> locations,
      int limit, long seed) {
    List<List<Heartbeat>> pools = new ArrayList<>();
    for (Location filter : locations) {
      pools.add(live.stream()
          .filter(h -> regions.isEmpty() || regions.contains(h.region()))
          .filter(h -> matches(filter, h.location())).toList());
    }
    List<Heartbeat> chosen = new ArrayList<>();
    boolean progress = true;
    while (chosen.size() < limit && progress) {
      progress = false;
      for (List<Heartbeat> pool : pools) {
        if (chosen.size() >= limit) {
          break;
        }
        List<Heartbeat> next = spread(pool, chosen, 1, seed);
        if (!next.isEmpty()) {
          chosen.add(next.get(0));
          progress = true;
        }
      }
    }
    return chosen;
  }

  /**
   * For a second opinion: up to {@code n} agents of {@code region}, none of {@code excluded}
   * (e.g. the agents that answered already), spread away from the domains and providers of
   * {@code avoid} first (e.g. the agents whose answer is to be confirmed): another network first.
   *
   * @param excluded agent ids never chosen
   * @param avoid    agents whose domains count as taken already (they are not chosen either)
   */
  public static List<Heartbeat> others(Collection<Heartbeat> live, String region, Collection<String> excluded,
      List<Heartbeat> avoid, int n, long seed) {
    Set<String> out = new HashSet<>(excluded);
    avoid.forEach(h -> out.add(h.agentId()));
    List<Heartbeat> pool = live.stream().filter(h -> h.region().equals(region) && !out.contains(h.agentId())).toList();
    return spread(pool, avoid, n, seed);
  }

  /**
   * The failure domain an agent stands in, for spreading: its AS ({@code "AS3320"}), else its
   * provider ({@code "provider:hetzner"}), else the agent alone ({@code "agent:<id>"}: nothing is
   * known to share its network).
   */
  public static String domain(Heartbeat h) {
    Location l = h.location() == null ? Location.UNKNOWN : h.location();
    if (l.asn() != null) {
      return "AS" + l.asn();
    }
    return l.provider() != null ? "provider:" + l.provider() : "agent:" + h.agentId();
  }

  /**
   * Whether an agent's place matches a filter of one field: the same country or city (case
   * ignored), provider or AS, or a tag the agent has. An agent that said nothing matches nothing.
   */
  public static boolean matches(Location filter, Location place) {
    if (place == null) {
      return false;
    }
    if (filter.country() != null) {
      return filter.country().equalsIgnoreCase(String.valueOf(place.country()));
    }
    if (filter.city() != null) {
      return place.city() != null && filter.city().toLowerCase(Locale.ROOT).equals(place.city().toLowerCase(Locale.ROOT));
    }
    if (filter.provider() != null) {
      return filter.provider().equals(place.provider());
    }
    if (filter.asn() != null) {
      return filter.asn().equals(place.asn());
    }
    return !filter.tags().isEmpty() && place.tags().containsAll(filter.tags());
  }

  /**
   * Up to {@code n} of {@code pool}, none already in {@code taken}, picked one at a time: each
   * time the one that is healthy, in the fewest taken-or-chosen agents' domain, then provider,
   * then first by the seeded hash.
   */
  static List<Heartbeat> spread(List<Heartbeat> pool, List<Heartbeat> taken, int n, long seed) {
    Map<String, Heartbeat> left = new LinkedHashMap<>();
    Set<String> takenIds = new HashSet<>();
    taken.forEach(h -> takenIds.add(h.agentId()));
    pool.stream().filter(h -> !takenIds.contains(h.agentId())).forEach(h -> left.putIfAbsent(h.agentId(), h));
    Map<String, Integer> domains = new LinkedHashMap<>();
    Map<String, Integer> providers = new LinkedHashMap<>();
    taken.forEach(h -> count(h, domains, providers));
    List<Heartbeat> chosen = new ArrayList<>();
    while (chosen.size() < n && !left.isEmpty()) {
      Heartbeat best = left.values().stream().min(Comparator
          .comparingInt((Heartbeat h) -> h.status() == AgentStatus.HEALTHY ? 0 : 1)
          .thenComparingInt(h -> domains.getOrDefault(domain(h), 0))
          .thenComparingInt(h -> providers.getOrDefault(provider(h), 0))
          .thenComparingLong(h -> mix(seed ^ h.agentId().hashCode()))
          .thenComparing(Heartbeat::agentId)).orElseThrow();
      left.remove(best.agentId());
      chosen.add(best);
      count(best, domains, providers);
    }
    return chosen;
  }

  private static void count(Heartbeat h, Map<String, Integer> domains, Map<String, Integer> providers) {
    domains.merge(domain(h), 1, Integer::sum);
    providers.merge(provider(h), 1, Integer::sum);
  }

  /** The provider, or the agent itself when it named none (so unknowns do not crowd each other out). */
  private static String provider(Heartbeat h) {
    return h.location() != null && h.location().provider() != null ? h.location().provider() : "agent:" + h.agentId();
  }

  /** SplitMix64's finaliser: a seed and an id to an order that looks random and is always the same. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
