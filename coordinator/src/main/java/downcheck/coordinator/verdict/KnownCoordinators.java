package downcheck.coordinator.verdict;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who may have published a verdict: the coordinators of this cluster are its Hazelcast members,
 * so a verdict's origin names the member that sent it (its UUID, which Hazelcast hands out and
 * every member sees), and a verdict whose origin names no member, nor one that left within
 * {@link #AFTER_LEAVING} (its last verdicts may still be on their way), is from no coordinator of
 * ours. Joining the members takes Hazelcast's port, not Kafka's: a client that can only write
 * {@code downcheck.verdicts} cannot make its records count.
 */
public final class KnownCoordinators {
  static final Duration AFTER_LEAVING = Duration.ofMinutes(1);
  /** Members that left and are still remembered; a cluster has a handful of coordinators. */
  static final int MAX_LEFT = 64;

  private final HazelcastInstance hazelcast;
  private final Clock clock;
  private final Map<UUID, Instant> left = new LinkedHashMap<>();

  public KnownCoordinators(HazelcastInstance hazelcast, Clock clock) {
    this.hazelcast = hazelcast;
    this.clock = clock;
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        remember(event.getMember().getUuid());
      }
    });
  }

  /** A new origin for a feed of this member: its member UUID, then a random part of its own. */
  public String newOrigin() {
    return hazelcast.getCluster().getLocalMember().getUuid() + "/" + UUID.randomUUID();
  }

  /** True when {@code origin} names a member of this cluster, or one that left a moment ago. */
  public boolean known(String origin) {
    UUID member = memberOf(origin);
    if (member == null) {
      return false;
    }
    for (Member m : hazelcast.getCluster().getMembers()) {
      if (m.getUuid().equals(member)) {
        return true;
      }
    }
    synchronized (left) {
      Instant when = left.get(member);
      return when != null && clock.instant().isBefore(when.plus(AFTER_LEAVING));
    }
  }

  private void remember(UUID member) {
    synchronized (left) {
      left.put(member, clock.instant());
      while (left.size() > MAX_LEFT) {
        left.remove(left.keySet().iterator().next());
      }
    }
  }

  static UUID memberOf(String origin) {
    if (origin == null || origin.length() > 80) {
      return null;
    }
    int slash = origin.indexOf('/');
    try {
      return UUID.fromString(slash < 0 ? origin : origin.substring(0, slash));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
