package downcheck.model.check;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The network's rule of what it will not probe (DESIGN "Security"), shared by the coordinator,
 * which judges at submit what it can without resolving, and the agents, which judge the very
 * address they connect to. A probe network is an open proxy into wherever its agents run, so it
 * refuses everything that is not a public unicast address: loopback, private, link-local,
 * multicast, unspecified, carrier-grade NAT, benchmarking, cloud metadata and platform
 * services, and the same hidden inside IPv6 (IPv4-mapped, -compatible, NAT64, 6to4); the
 * IPv6 forms whose IPv4 end the network cannot judge (local-use NAT64, Teredo); and the
 * special-use names that mean this host
 * ({@code localhost}, {@code *.localhost}, RFC 6761), whatever a resolver would say of them.
 * Plain Java: the reason is a phrase for people ("loopback", "private (RFC 1918)").
 */
public final class AddressRules {
  /** fd00:ec2::254, the AWS instance metadata service over IPv6. */
  private static final byte[] EC2_METADATA_V6 = {
      (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};

  private AddressRules() {}

  /**
   * Why a special-use name is refused, or empty for an ordinary name: {@code localhost} and
   * every name under it are loopback by definition (RFC 6761 section 6.3), so they are never
   * sent to a resolver that might say otherwise.
   */
  public static Optional<String> specialUseName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return Optional.of("a special-use name for loopback (RFC 6761)");
    }
    return Optional.empty();
  }

  /** Why this address is refused (a phrase, e.g. "loopback"), or empty for a public unicast address. */
  public static Optional<String> reason(InetAddress address) {
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
    if (a0 == 168 && a1 == 63 && (b[2] & 0xff) == 129 && (b[3] & 0xff) == 16) {
      // Public by its number, but Azure hosts reach their platform (DHCP, DNS, health, the
      // guest agent) there: from inside a cloud VM it is a service of the host, not the internet.
      return Optional.of("a cloud platform service address (168.63.129.16)");
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
    if (a0 == 198 && (a1 & 0xfe) == 18) {
      return Optional.of("benchmarking (198.18.0.0/15)");
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
    if (w0 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && b[4] == 0 && b[5] == 1) {
      // RFC 8215: a network's own translator, with the IPv4 part placed at any prefix length
      // the operator chose, so no one place to read it from: refused whole.
      return Optional.of("local-use NAT64 (64:ff9b:1::/48)");
    }
    if (w0 == 0x2002) {
      return embedded(b, 2, "6to4");
    }
    if (w0 == 0x2001 && b[2] == 0 && b[3] == 0) {
      // RFC 4380: the client's IPv4 address is in the last 32 bits, inverted, and the packets
      // go through whatever relay the agent's network routes to. No public service is reachable
      // only over Teredo, so the whole prefix is refused rather than judged by its IPv4 part.
      return Optional.of("Teredo (2001::/32)");
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
