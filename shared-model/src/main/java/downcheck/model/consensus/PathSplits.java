package downcheck.model.consensus;

import downcheck.model.result.Hop;
import downcheck.model.result.TracePath;
import downcheck.model.verdict.PathSplit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a failing region's path to an address parts from a healthy region's (docs/consensus.md,
 * "Where the path breaks"). Pure: two traces in, the split or nothing out.
 *
 * <p>The rule. The failing side's {@code lastHop} is the last hop of its trace that answered. The
 * healthy side's {@code firstDifferentHop} is the first hop of its trace that answered, that the
 * failing side never reached (its address is none of the failing trace's), and that lies beyond
 * the failing side's last hop: beyond the TTL where the healthy trace first passed that same address,
 * or, when it never did (two regions leave through different routers, so their paths may share
 * no address at all), beyond that TTL itself. Hops that did not answer ({@code address} null)
 * are skipped on both sides, never counted as a difference. There is no split when the failing
 * trace reached the target (its path did not break), when either trace is missing, or when the
 * healthy trace has no hop beyond the failing side's last (the two stop alike, or the paths are
 * the same).
 */
public final class PathSplits {
  private PathSplits() {}

  /** The two hops that mark a split: {@code lastHop} is null when no hop of the failing trace answered. */
  public record Split(Hop lastHop, Hop firstDifferentHop) {}

  /** The split between the failing trace and the healthy one, or empty when they do not part. */
  public static Optional<Split> split(TracePath failing, TracePath healthy) {
    if (failing == null || healthy == null || failing.reached()) {
      return Optional.empty();
    }
    Hop last = lastAnswered(failing.hops());
    Set<String> reached = new HashSet<>();
    failing.hops().forEach(h -> {
      if (h.address() != null) {
        reached.add(h.address());
      }
    });
    int after = last == null ? 0 : last.ttl();
    if (last != null) {
      for (Hop h : healthy.hops()) {
        if (last.address().equals(h.address())) {
          after = h.ttl(); // where the healthy side passed the failing side's last hop: it goes on from here
          break;
        }
      }
    }
    for (Hop h : healthy.hops()) {
      if (h.address() != null && h.ttl() > after && !reached.contains(h.address())) {
        return Optional.of(new Split(last, h));
      }
    }
    return Optional.empty();
  }

  /** The split as a check shows it, both paths with it; empty as for {@link #split}. */
  public static Optional<PathSplit> between(String failingRegion, String failingAgent, TracePath failing,
      String healthyRegion, String healthyAgent, TracePath healthy) {
    return split(failing, healthy).map(s -> new PathSplit(
        new PathSplit.Side(failingRegion, failingAgent, s.lastHop(), null, failing.hops()),
        new PathSplit.Side(healthyRegion, healthyAgent, null, s.firstDifferentHop(), healthy.hops())));
  }

  /** One plain sentence: "the path from eu-west stops after 10.0.0.1; us-east goes on through 10.0.1.1". */
  public static String sentence(PathSplit split) {
    Hop last = split.failing().lastHop();
    String stops = last == null ? "gets no answer from its first hop" : "stops after " + named(last);
    return "the path from " + split.failing().region() + " " + stops + "; " + split.healthy().region()
        + " goes on through " + named(split.healthy().firstDifferentHop());
  }

  private static String named(Hop hop) {
    return hop.name() == null || hop.name().isBlank() || hop.name().equals(hop.address())
        ? hop.address() : hop.name() + " (" + hop.address() + ")";
  }

  private static Hop lastAnswered(List<Hop> hops) {
    Hop last = null;
    for (Hop h : hops) {
      if (h.address() != null && (last == null || h.ttl() > last.ttl())) {
        last = h;
      }
    }
    return last;
  }
}
