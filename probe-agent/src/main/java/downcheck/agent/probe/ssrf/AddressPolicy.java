package downcheck.agent.probe.ssrf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses an agent may connect to (docs/probes.md, "SSRF protection"). A probe network is an
 * open proxy into wherever its agents run, so by default it refuses everything that is not a
 * public unicast address: loopback, private, link-local, multicast, unspecified, carrier-grade
 * NAT, cloud metadata, and the same hidden inside IPv6 (IPv4-mapped, -compatible, NAT64, 6to4).
 * Judged on the resolved {@link InetAddress} the probe then connects to, never on the name.
 */
public final class AddressPolicy {
  /** fd00:ec2::254, the AWS instance metadata service over IPv6. */
  private static final byte[] EC2_METADATA_V6 = {
      (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};

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

  static Optional<String> reason(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return ipv4Reason(b);
    }
    if (address instanceof Inet6Address) {
      return ipv6Reason(b);
    }
    return Optional.of("not an IP address");
  }

  private static Optional<String> ipv4Reason(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 169 && a1 == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254) {
      return Optional.of("a cloud metadata address");
    }
    if (a0 == 0) {
      return Optional.of("unspecified (0.0.0.0/8)");
    }
    if (a0 == 127) {
      return Optional.of("loopback");
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private (RFC 1918)");
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of("carrier-grade NAT (100.64.0.0/10)");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local");
    }
    if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
      return Optional.of("IETF protocol assignments (192.0.0.0/24)");
    }
    if (a0 >= 224 && a0 <= 239) {
      return Optional.of("multicast");
    }
    if (a0 >= 240) {
      return Optional.of("reserved or broadcast (240.0.0.0/4)");
    }
    return Optional.empty();
  }

  private static Optional<String> ipv6Reason(byte[] b) {
    if (isZero(b, 0, 16)) {
      return Optional.of("unspecified (::)");
    }
    if (isZero(b, 0, 15) && b[15] == 1) {
      return Optional.of("loopback (::1)");
    }
    if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return embedded(b, 12, "IPv4-mapped");
    }
    if (isZero(b, 0, 12)) {
      return embedded(b, 12, "IPv4-compatible");
    }
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    if (w0 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12)) {
      return embedded(b, 12, "NAT64");
    }
    if (w0 == 0x2002) {
      return embedded(b, 2, "6to4");
    }
    if (Arrays.equals(b, EC2_METADATA_V6)) {
      return Optional.of("a cloud metadata address (fd00:ec2::254)");
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return Optional.of("unique-local (fc00::/7)");
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return Optional.of("link-local (fe80::/10)");
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return Optional.of("site-local (fec0::/10, deprecated)");
    }
    if ((b[0] & 0xff) == 0xff) {
      return Optional.of("multicast");
    }
    return Optional.empty();
  }

  /** IPv6 forms that carry an IPv4 address are judged by that address. */
  private static Optional<String> embedded(byte[] b, int offset, String form) {
    byte[] v4 = {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
    return ipv4Reason(v4).map(r -> r + " (" + form + ")");
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
