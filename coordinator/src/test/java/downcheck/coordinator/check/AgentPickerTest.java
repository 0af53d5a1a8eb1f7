package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import downcheck.model.agent.Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AgentPickerTest {
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  static Heartbeat agent(String id, String region, String provider, Long asn) {
    return agent(id, region, provider, asn, AgentStatus.HEALTHY, null);
  }

  static Heartbeat agent(String id, String region, String provider, Long asn, AgentStatus status, String country) {
    return new Heartbeat(1, id, region, "t", status, CanaryCounts.NONE, null, T0, 1000,
        new Location(country, null, provider, asn, List.of()));
  }

  static List<String> ids(List<Heartbeat> hs) {
    return hs.stream().map(Heartbeat::agentId).toList();
  }

  @Test
  void twoPerRegionAreOnTwoNetworksWhenTheRegionHasTwo() {
    // Hetzner's two agents and one on OVH: the second eye is OVH's, whichever Hetzner agent is first
    List<Heartbeat> live = List.of(agent("eu-h1", "eu-west", "hetzner", 24940L), agent("eu-h2", "eu-west", "hetzner", 24940L),
        agent("eu-o1", "eu-west", "ovh", 16276L), agent("us-a1", "us-east", "aws", 16509L));
    for (long seed = 0; seed < 20; seed++) {
      List<Heartbeat> two = AgentPicker.perRegion(live, List.of("eu-west"), 2, seed);
      assertThat(two).extracting(AgentPicker::domain).containsExactlyInAnyOrder("AS24940", "AS16276");
    }
  }

  @Test
  void aRegionWithFewerAgentsGivesWhatItHas() {
    List<Heartbeat> live = List.of(agent("eu-1", "eu-west", "aws", 16509L), agent("us-1", "us-east", "aws", 16509L),
        agent("us-2", "us-east", "gcp", 15169L));
    assertThat(ids(AgentPicker.perRegion(live, List.of("eu-west", "us-east"), 2, 7)))
        .hasSize(3).startsWith("eu-1").contains("us-1", "us-2");
  }

  @Test
  void anImpairedAgentOnlyWhenNoHealthyOneIsLeft() {
    List<Heartbeat> live = List.of(agent("a", "eu-west", "aws", 16509L, AgentStatus.IMPAIRED, null),
        agent("b", "eu-west", "aws", 16509L), agent("c", "eu-west", "gcp", 15169L, AgentStatus.IMPAIRED, null));
    assertThat(ids(AgentPicker.perRegion(live, List.of("eu-west"), 1, 1))).containsExactly("b");
    assertThat(ids(AgentPicker.perRegion(live, List.of("eu-west"), 2, 1))).first().isEqualTo("b");
  }

  @Test
  void locationsTakeTurnsUpToTheLimit() {
    List<Heartbeat> live = List.of(agent("de-1", "eu-central", "hetzner", 24940L, AgentStatus.HEALTHY, "DE"),
        agent("de-2", "eu-central", "telekom", 3320L, AgentStatus.HEALTHY, "DE"),
        agent("fr-1", "eu-west", "ovh", 16276L, AgentStatus.HEALTHY, "FR"),
        agent("us-1", "us-east", "hetzner", 213230L, AgentStatus.HEALTHY, "US"));
    List<Location> want = List.of(new Location("DE", null, null, null, null), new Location(null, null, "ovh", null, null));
    assertThat(ids(AgentPicker.matching(live, List.of(), want, 2, 3))).hasSize(2).contains("fr-1");
    assertThat(ids(AgentPicker.matching(live, List.of(), want, 3, 3))).containsExactlyInAnyOrder("de-1", "de-2", "fr-1");
    assertThat(AgentPicker.matching(live, List.of(), List.of(new Location("JP", null, null, null, null)), 3, 3)).isEmpty();
    assertThat(ids(AgentPicker.matching(live, List.of("us-east"), List.of(new Location(null, null, "hetzner", null, null)),
        5, 3))).as("within the regions asked").containsExactly("us-1");
  }

  @Test
  void aSecondOpinionComesFromAnotherNetworkFirst() {
    Heartbeat first = agent("eu-1", "eu-west", "hetzner", 24940L);
    List<Heartbeat> live = List.of(first, agent("eu-2", "eu-west", "hetzner", 24940L), agent("eu-3", "eu-west", "ovh", 16276L));
    for (long seed = 0; seed < 10; seed++) {
      assertThat(ids(AgentPicker.others(live, "eu-west", Set.of(), List.of(first), 1, seed))).containsExactly("eu-3");
    }
    assertThat(ids(AgentPicker.others(live, "eu-west", Set.of("eu-3"), List.of(first), 1, 0))).containsExactly("eu-2");
  }

  @Test
  void filtersMatchOneFieldEach() {
    Location place = new Location("DE", "Frankfurt am Main", "hetzner", 24940L, List.of("datacenter", "ipv6"));
    assertThat(AgentPicker.matches(new Location("de", null, null, null, null), place)).isTrue();
    assertThat(AgentPicker.matches(new Location(null, "frankfurt am main", null, null, null), place)).isTrue();
    assertThat(AgentPicker.matches(new Location(null, null, "hetzner", null, null), place)).isTrue();
    assertThat(AgentPicker.matches(new Location(null, null, null, 24940L, null), place)).isTrue();
    assertThat(AgentPicker.matches(new Location(null, null, null, null, List.of("ipv6")), place)).isTrue();
    assertThat(AgentPicker.matches(new Location(null, null, null, 3320L, null), place)).isFalse();
    assertThat(AgentPicker.matches(new Location("DE", null, null, null, null), null)).isFalse();
  }

  // properties: over networks of up to 12 agents in 3 regions, on 4 providers and 5 ASes (some unknown)

  @Property(tries = 150)
  void perRegionChoosesDistinctAgentsOfEachRegionAsManyAsItHasUpToTheAsk(@ForAll("networks") List<Heartbeat> live,
      @ForAll @IntRange(min = 1, max = 5) int perRegion, @ForAll long seed) {
    List<String> regions = List.of("r1", "r2", "r3");
    List<Heartbeat> chosen = AgentPicker.perRegion(live, regions, perRegion, seed);
    assertThat(new HashSet<>(ids(chosen))).hasSameSizeAs(chosen);
    assertThat(live).containsAll(chosen);
    for (String r : regions) {
      long has = live.stream().filter(h -> h.region().equals(r)).count();
      assertThat(chosen.stream().filter(h -> h.region().equals(r)).count()).isEqualTo(Math.min(has, perRegion));
    }
  }

  @Property(tries = 150)
  void noTwoOfOneDomainWhileAnotherDomainOfTheRegionIsLeftAndNoImpairedWhileAHealthyIsLeft(
      @ForAll("networks") List<Heartbeat> live, @ForAll @IntRange(min = 1, max = 5) int perRegion, @ForAll long seed) {
    List<Heartbeat> chosen = AgentPicker.perRegion(live, List.of("r1", "r2", "r3"), perRegion, seed);
    for (String r : List.of("r1", "r2", "r3")) {
      List<Heartbeat> mine = chosen.stream().filter(h -> h.region().equals(r)).toList();
      List<Heartbeat> left = live.stream().filter(h -> h.region().equals(r) && !chosen.contains(h)).toList();
      boolean healthyLeft = left.stream().anyMatch(h -> h.status() == AgentStatus.HEALTHY);
      if (healthyLeft) {
        assertThat(mine).allMatch(h -> h.status() == AgentStatus.HEALTHY);
        Map<String, Long> perDomain = mine.stream().collect(Collectors.groupingBy(AgentPicker::domain,
            Collectors.counting()));
        boolean twoOfOne = perDomain.values().stream().anyMatch(n -> n > 1);
        if (twoOfOne) {
          assertThat(left).filteredOn(h -> h.status() == AgentStatus.HEALTHY)
              .allMatch(h -> perDomain.containsKey(AgentPicker.domain(h)), "every healthy agent left is of a domain taken");
        }
      }
    }
  }

  @Property(tries = 100)
  void theChoiceDependsOnTheAgentsNotOnTheOrderTheRegistryListsThem(@ForAll("networks") List<Heartbeat> live,
      @ForAll @IntRange(min = 1, max = 5) int perRegion, @ForAll long seed) {
    List<Heartbeat> shuffled = new ArrayList<>(live);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(AgentPicker.perRegion(shuffled, List.of("r1", "r2"), perRegion, seed))
        .isEqualTo(AgentPicker.perRegion(live, List.of("r1", "r2"), perRegion, seed));
  }

  @Property(tries = 150)
  void locationsGiveOnlyMatchingAgentsAsManyAsMatchUpToTheLimit(@ForAll("networks") List<Heartbeat> live,
      @ForAll("filters") List<Location> locations, @ForAll @IntRange(min = 1, max = 20) int limit, @ForAll long seed) {
    List<Heartbeat> chosen = AgentPicker.matching(live, List.of(), locations, limit, seed);
    assertThat(chosen).allMatch(h -> locations.stream().anyMatch(f -> AgentPicker.matches(f, h.location())));
    long matching = live.stream().filter(h -> locations.stream().anyMatch(f -> AgentPicker.matches(f, h.location())))
        .count();
    assertThat(chosen).hasSize((int) Math.min(matching, limit));
    assertThat(new HashSet<>(ids(chosen))).hasSameSizeAs(chosen);
  }

  @Provide
  Arbitrary<List<Heartbeat>> networks() {
    Arbitrary<String> region = Arbitraries.of("r1", "r2", "r3");
    Arbitrary<String> provider = Arbitraries.of("aws", "hetzner", "ovh", "home").injectNull(0.2);
    Arbitrary<Long> asn = Arbitraries.of(16509L, 24940L, 16276L, 3320L, 7922L).injectNull(0.3);
    Arbitrary<AgentStatus> status = Arbitraries.of(AgentStatus.HEALTHY, AgentStatus.HEALTHY, AgentStatus.IMPAIRED);
    Arbitrary<String> country = Arbitraries.of("DE", "FR", "US");
    Arbitrary<Heartbeat> one = Combinators.combine(Arbitraries.integers().between(0, 999), region, provider, asn, status,
        country).as((n, r, p, a, s, c) -> agent("a" + n, r, p, a, s, c));
    return one.list().ofMaxSize(12).uniqueElements(Heartbeat::agentId);
  }

  @Provide
  Arbitrary<List<Location>> filters() {
    Arbitrary<Location> one = Arbitraries.oneOf(
        Arbitraries.of("DE", "FR", "JP").map(c -> new Location(c, null, null, null, null)),
        Arbitraries.of("aws", "ovh", "gcp").map(p -> new Location(null, null, p, null, null)),
        Arbitraries.of(3320L, 16509L, 1L).map(a -> new Location(null, null, null, a, null)));
    return one.list().ofMinSize(1).ofMaxSize(4);
  }
}
