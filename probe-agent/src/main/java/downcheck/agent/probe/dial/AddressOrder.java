package downcheck.agent.probe.dial;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The order in which a probe dials a name's addresses (RFC 8305, section 4): the family of the
 * resolver's first answer first, then the families alternate, each keeping the resolver's order,
 * at most {@link #MAX_ADDRESSES} in all. Plain Java.
 */
public final class AddressOrder {
  /** The most addresses one probe dials: a browser gives up long before a name's 200th address. */
  public static final int MAX_ADDRESSES = 8;

  private AddressOrder() {}

  /**
   * @param resolved  the addresses in the resolver's order
   * @param ipVersion 4 or 6 to keep only that family; null for both
   */
  public static List<InetAddress> of(List<InetAddress> resolved, Integer ipVersion) {
    List<InetAddress> kept = ofFamily(resolved, ipVersion);
    if (kept.isEmpty()) {
      return kept;
    }
    boolean firstIsV6 = kept.get(0) instanceof Inet6Address;
    Deque<InetAddress> first = new ArrayDeque<>();
    Deque<InetAddress> second = new ArrayDeque<>();
    for (InetAddress a : kept) {
      (a instanceof Inet6Address == firstIsV6 ? first : second).add(a);
    }
    List<InetAddress> out = new ArrayList<>();
    while (out.size() < MAX_ADDRESSES && !(first.isEmpty() && second.isEmpty())) {
      if (!first.isEmpty()) {
        out.add(first.poll());
      }
      if (out.size() < MAX_ADDRESSES && !second.isEmpty()) {
        out.add(second.poll());
      }
    }
    return out;
  }

  /** Only the addresses of one family (4 or 6), in order; all of them when {@code ipVersion} is null. */
  public static List<InetAddress> ofFamily(List<InetAddress> resolved, Integer ipVersion) {
    if (ipVersion == null) {
      return List.copyOf(resolved);
    }
    return resolved.stream().filter(a -> (a instanceof Inet6Address) == (ipVersion == 6)).toList();
  }

  /** "IPv4" or "IPv6", as a message names the family. */
  public static String familyName(int ipVersion) {
    return "IPv" + ipVersion;
  }
}
