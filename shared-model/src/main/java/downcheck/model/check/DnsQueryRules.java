package downcheck.model.check;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@link DnsQuery} may ask (docs/probes.md, "DNS record types"): one of the record types
 * people look up, and a resolver given as an address (a name would need resolving first: the
 * agent asks one server, it does not recurse), private ones only where private targets are
 * allowed. The coordinator judges a query at submit, the agent again before it asks.
 */
public final class DnsQueryRules {
  /** The record types a dns check may ask for, in the order the docs list them. */
  public static final List<String> TYPES = List.of("A", "AAAA", "CNAME", "MX", "NS", "TXT", "SOA", "CAA", "SRV");
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  private DnsQueryRules() {}

  /** The type upper-cased, or an IllegalArgumentException naming the choices. */
  public static String type(String type) {
    String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT);
    if (!TYPES.contains(t)) {
      throw new IllegalArgumentException("'" + clip(type) + "' is not one of " + String.join(", ", TYPES));
    }
    return t;
  }

  /**
   * The resolver's address and port: {@code 9.9.9.9}, {@code 9.9.9.9:53}, {@code 2620:fe::fe} or
   * {@code [2620:fe::fe]:53}; port 53 when none is given. Never a name: nothing is looked up.
   */
  public static InetSocketAddress resolver(String text) {
    String s = text == null ? "" : text.strip();
    String host = s;
    String port = null;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0 || (end + 1 < s.length() && s.charAt(end + 1) != ':')) {
        throw bad(text);
      }
      host = s.substring(1, end);
      port = end + 1 < s.length() ? s.substring(end + 2) : null;
    } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    }
    InetAddress address = literal(host, text);
    int p = 53;
    if (port != null) {
      if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        throw bad(text);
      }
      p = Integer.parseInt(port);
    }
    return new InetSocketAddress(address, p);
  }

  /**
   * Why a check may not send its question to this resolver ("127.0.0.1 is loopback"), or empty:
   * a private, loopback or special-use resolver is a host inside the agent's network, reached on
   * a stranger's behalf, so only where private targets are allowed.
   */
  public static Optional<String> refusal(InetSocketAddress resolver, boolean allowPrivate) {
    if (allowPrivate) {
      return Optional.empty();
    }
    InetAddress a = resolver.getAddress();
    return AddressRules.reason(a).map(r -> a.getHostAddress() + " is " + r);
  }

  /** As it is shown in a result: {@code 9.9.9.9:53}, {@code [2620:fe::fe]:53}. */
  public static String show(InetSocketAddress resolver) {
    String host = resolver.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + resolver.getPort();
  }

  private static InetAddress literal(String host, String text) {
    if (!V4.matcher(host).matches() && !(host.contains(":") && V6.matcher(host).matches())) {
      throw bad(text);
    }
    try {
      return HostLiteral.parse(host).orElseThrow(() -> bad(text)); // a literal: never looked up
    } catch (IllegalArgumentException e) {
      throw bad(text);
    }
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("'" + clip(text) + "' is not an IP address, ip:port or [IPv6]:port");
  }

  private static String clip(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
