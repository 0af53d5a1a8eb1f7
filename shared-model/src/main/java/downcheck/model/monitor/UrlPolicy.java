package downcheck.model.monitor;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where notifications may go: the probes' SSRF rule applied to webhook URLs. Loopback,
 * private, link-local (the cloud metadata address among them), multicast, unspecified and
 * special-use names ({@code localhost}, {@code *.localhost}) are refused unless private
 * destinations are allowed. {@link #refusal(URI, boolean)} judges what it can without
 * resolving; the sender judges the resolved addresses with {@link #refused(InetAddress)}.
 */
public final class UrlPolicy {
  private UrlPolicy() {}

  /** Why the URL may not be posted to, or null when it may. */
  public static String refusal(URI url, boolean allowPrivate) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an http:// or https:// URL";
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      return "has no host";
    }
    if (url.getRawUserInfo() != null) {
      return "credentials in the URL are not allowed";
    }
    if (allowPrivate) {
      return null;
    }
    String host = url.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
    if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
      return "'" + host + "' is a special-use name; private destinations are not allowed here";
    }
    InetAddress literal = literal(host);
    if (literal != null && refused(literal)) {
      return "'" + host + "' is a loopback, private, link-local or special-use address; private destinations are not allowed here";
    }
    return null;
  }

  /** An address notifications never go to unless private destinations are allowed. */
  public static boolean refused(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240;
    }
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    return false;
  }

  private static InetAddress literal(String host) {
    boolean v4 = host.matches("[0-9.]+");
    boolean v6 = host.contains(":");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(host); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
