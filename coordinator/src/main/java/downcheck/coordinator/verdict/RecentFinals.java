package downcheck.coordinator.verdict;

import downcheck.model.check.Target;
import downcheck.model.verdict.CheckView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a replay of {@code downcheck.verdicts} keeps: each final check created within the check
 * TTL, once, and each host's newest final checks for its history. Provisional verdicts, checks
 * older than the TTL and repeats of a final one (delivery is at least once) are passed over.
 * Plain code: the replay feeds it events, and asks what to restore.
 */
final class RecentFinals {
  private final Instant now;
  private final Duration ttl;
  private final int perHost;
  private final Set<String> seen = new HashSet<>();
  private final Map<String, List<CheckView>> byHost = new HashMap<>();

  public RecentFinals(Instant now, Duration ttl, int perHost) {
    this.now = now;
    this.ttl = ttl;
    this.perHost = perHost;
  }

  /** True when {@code view} is a final check to restore, seen here for the first time. */
  public boolean accept(CheckView view) {
    if (!view.isFinal() || remainingTtl(view).isZero() || !seen.add(view.id())) {
      return false;
    }
    String host = hostOf(view);
    if (host != null) {
      List<CheckView> list = byHost.computeIfAbsent(host, h -> new ArrayList<>());
      list.add(view);
      if (list.size() > 2 * perHost) {
        trim(list); // keep memory to a few checks per host however long the replay
      }
    }
    return true;
  }

  /** How long the check is still to be kept, counted from its creation; zero once past the TTL. */
  public Duration remainingTtl(CheckView view) {
    Duration left = ttl.minus(Duration.between(view.createdAt(), now));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Each host's newest final checks, newest first, at most {@code perHost}. */
  public Map<String, List<CheckView>> histories() {
    byHost.values().forEach(this::trim);
    return byHost;
  }

  public int checks() {
    return seen.size();
  }

  private void trim(List<CheckView> list) {
    list.sort(Comparator.comparing(CheckView::createdAt).reversed());
    if (list.size() > perHost) {
      list.subList(perHost, list.size()).clear();
    }
  }

  /** The history key of a check: its host, as the coordinator files it when the check ends. */
  static String hostOf(CheckView view) {
    try {
      return Target.parse(view.target(), view.kind()).displayHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
