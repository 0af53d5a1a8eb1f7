package downcheck.agent.probe.ssrf;

import downcheck.model.check.AddressRules;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses an agent may connect to (docs/probes.md, "SSRF protection"). A probe network is an
 * open proxy into wherever its agents run, so by default it refuses everything that is not a
 * public unicast address: loopback, private, link-local, multicast, unspecified, carrier-grade
 * NAT, cloud metadata, and the same hidden inside IPv6 (IPv4-mapped, -compatible, NAT64, 6to4).
 * Judged on the resolved {@link InetAddress} the probe then connects to; names only for the
 * special-use ones. The rules themselves are {@link AddressRules}, shared with the coordinator.
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
