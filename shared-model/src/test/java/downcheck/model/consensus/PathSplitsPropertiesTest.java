package downcheck.model.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.result.Hop;
import downcheck.model.result.TracePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever two traces come back, the split named is made of their own hops, and the same path never splits. */
class PathSplitsPropertiesTest {

  @Property(tries = 500)
  void identicalPathsNeverSplit(@ForAll("paths") TracePath path) {
    assertThat(PathSplits.split(path, path)).isEmpty();
  }

  @Property(tries = 1000)
  void theSplitIsMadeOfHopsOfEachSide(@ForAll("paths") TracePath failing, @ForAll("paths") TracePath healthy) {
    Optional<PathSplits.Split> split = PathSplits.split(failing, healthy);
    if (split.isEmpty()) {
      return;
    }
    Hop last = split.get().lastHop();
    Hop first = split.get().firstDifferentHop();
    if (last != null) {
      assertThat(failing.hops()).contains(last);
      assertThat(last.address()).isNotNull();
    }
    assertThat(healthy.hops()).contains(first);
    Set<String> reached = failing.hops().stream().map(Hop::address).filter(a -> a != null).collect(Collectors.toSet());
    assertThat(first.address()).isNotNull().isNotIn(reached);
    assertThat(failing.reached()).isFalse();
  }

  @Property(tries = 500)
  void aFailingPathThatIsAPrefixOfTheHealthyOneSplitsRightAfterIt(@ForAll("paths") TracePath healthy) {
    List<Hop> hops = healthy.hops();
    int cut = hops.size() / 2;
    TracePath failing = new TracePath("tcp", hops.subList(0, cut), false);
    Optional<PathSplits.Split> split = PathSplits.split(failing, healthy);
    Set<String> before = hops.subList(0, cut).stream().map(Hop::address).filter(a -> a != null)
        .collect(Collectors.toSet());
    boolean newBeyond = hops.subList(cut, hops.size()).stream()
        .anyMatch(h -> h.address() != null && !before.contains(h.address()));
    assertThat(split.isPresent()).isEqualTo(newBeyond);
  }

  @Provide
  Arbitrary<TracePath> paths() {
    // few addresses, so that paths share, repeat and miss hops often
    Arbitrary<String> address = Arbitraries.of("10.0.0.1", "10.0.1.1", "10.0.2.1", "10.1.0.1", "192.0.2.10")
        .injectNull(0.3);
    return address.list().ofMaxSize(12).flatMap(addresses -> Arbitraries.of(true, false).map(reached -> {
      List<Hop> hops = new ArrayList<>();
      for (int i = 0; i < addresses.size(); i++) {
        String a = addresses.get(i);
        hops.add(new Hop(i + 1, a, null, a == null ? null : (double) i, a == null ? 1.0 : 0.0));
      }
      return new TracePath("icmp", hops, reached);
    }));
  }
}
