package downcheck.model.check;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses a process may connect to on a stranger's behalf: an agent probing a target
 * (docs/probes.md, "SSRF protection"), a coordinator posting a webhook (docs/monitors.md). Either
 * would otherwise be an open proxy into wherever it runs, so by default everything that is not a
 * public unicast address is refused: loopback, private, link-local, multicast, unspecified,
 * carrier-grade NAT, cloud metadata, and the same hidden inside IPv6 (IPv4-mapped, -compatible,
 * NAT64, 6to4). Judged on the resolved {@link InetAddress} the caller then connects to; names
 * only for the special-use ones. The rules themselves are {@link AddressRules}.
 */
public final class AddressPolicy {
  private final boolean allowPrivate;
  private final Set<InetAddress> exceptions;

  public AddressPolicy(boolean allowPrivate) {
    this(allowPrivate, Set.of());
  }

  /**
   * @param exceptions addresses allowed although their range is refused: one internal host a
   *                   deployment must reach, or a loopback address a test stands in for the internet
   */
  public AddressPolicy(boolean allowPrivate, Set<InetAddress> exceptions) {
    this.allowPrivate = allowPrivate;
    this.exceptions = Set.copyOf(exceptions);
  }

  /** Why this address is refused, or empty when the probe may connect to it. */
  public Optional<String> refusal(InetAddress address) {
    if (allowPrivate || exceptions.contains(address)) {
      return Optional.empty();
    }
    return reason(address).map(r -> address.getHostAddress() + " is " + r);
  }

  /** The first refusal among all the addresses a name resolved to: one bad address refuses the name. */
  public Optional<String> refusal(Collection<InetAddress> addresses) {
    for (InetAddress a : addresses) {
      Optional<String> r = refusal(a);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** Why a name is refused before it is resolved (special-use names), or empty. */
  public Optional<String> refusal(String host) {
    if (allowPrivate) {
      return Optional.empty();
    }
    return AddressRules.specialUseName(host).map(r -> host + " is " + r);
  }

  static Optional<String> reason(InetAddress address) {
    return AddressRules.reason(address);
  }
}
