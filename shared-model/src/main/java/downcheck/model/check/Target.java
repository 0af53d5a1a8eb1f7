package downcheck.model.check;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A check target, parsed and normalised: {@code https://Example.com} becomes
 * {@code https://example.com/}, a bare host means https, {@code tcp://host:port},
 * {@code dns://host}, {@code ping://host} and {@code trace://host[:port]} name the other kinds. Every accepted target is a URL of a supported kind
 * whose host is a DNS name (letters, digits, hyphens; IDN as punycode), an IPv4 address (numeric
 * forms a browser reads, such as {@code 0x7f.1}, become dotted quads) or an IPv6 literal, and
 * whose normalised form parses back to itself. Bad input is an {@link IllegalArgumentException}
 * whose message quotes it.
 */
public record Target(ProbeKind kind, String normalized, String host, int port) {
  public static final int MAX_LENGTH = 2048;
  private static final String SCHEMES = "http, https, tcp, dns, ping or trace";
  /** "javascript:alert(1)", "mailto:x@y": a scheme without "//", not a bare host with a port. */
  private static final Pattern OPAQUE_SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(?!\\d*(?:[/?#]|$))");
  // compiled once: String.matches compiles its pattern on every call, and every check is parsed
  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63})*");
  /** A dns target may name a service record's owner, whose labels may start with '_' (RFC 2782: _sip._tcp.example.com). */
  private static final Pattern DNS_NAME = Pattern.compile("_?[a-z0-9-]{1,62}(\\._?[a-z0-9-]{1,62})*\\.?");
  private static final Pattern PORT_SUFFIX = Pattern.compile(":\\d*$");
  private static final Pattern AUTHORITY_PORT = Pattern.compile(":(\\d{1,5})$");

  public static Target parse(String raw, ProbeKind requested) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("target is required");
    }
    String text = raw.strip();
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("target is longer than " + MAX_LENGTH + " characters");
    }
    if (!text.contains("://")) {
      Matcher opaque = OPAQUE_SCHEME.matcher(text);
      if (opaque.find()) {
        throw new IllegalArgumentException("'" + raw + "': scheme '" + opaque.group(1).toLowerCase(Locale.ROOT)
            + "' is not " + SCHEMES);
      }
      text = (requested == null ? "https" : requested == ProbeKind.HTTP ? "https" : requested.wire()) + "://" + text;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + raw + "' is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    ProbeKind kind = switch (scheme) {
      case "http", "https" -> ProbeKind.HTTP;
      case "tcp" -> ProbeKind.TCP;
      case "dns" -> ProbeKind.DNS;
      case "ping" -> ProbeKind.PING;
      case "trace" -> ProbeKind.TRACE;
      default -> throw new IllegalArgumentException("'" + raw + "': scheme '" + scheme + "' is not " + SCHEMES);
    };
    if (requested != null && requested != kind) {
      throw new IllegalArgumentException("'" + raw + "' is a " + kind.wire() + " target, not " + requested.wire());
    }
    if (uri.isOpaque() || uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()) {
      throw new IllegalArgumentException("'" + raw + "' has no host");
    }
    if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
      // never echo the value: it holds a password
      throw new IllegalArgumentException("credentials in the URL are not allowed (user:password@host)");
    }
    String host = host(uri, raw, kind == ProbeKind.DNS);
    int port = port(uri, raw);
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    return switch (kind) {
      case HTTP -> {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        int effective = port == -1 ? (scheme.equals("http") ? 80 : 443) : port;
        // the fragment is the browser's own and never sent: dropped
        yield new Target(kind, scheme + "://" + hostPart + (defaultPort ? "" : ":" + port) + path + query, host, effective);
      }
      case TCP -> {
        noPath(uri, raw, "a tcp target is tcp://host:port");
        if (port == -1) {
          throw new IllegalArgumentException("'" + raw + "': a tcp target needs a port, tcp://host:port");
        }
        yield new Target(kind, "tcp://" + hostPart + ":" + port, host, port);
      }
      case DNS -> {
        noPath(uri, raw, "a dns target is dns://host");
        yield new Target(kind, "dns://" + hostPart, host, -1);
      }
      case PING -> {
        noPath(uri, raw, "a ping target is ping://host");
        if (port != -1) {
          throw new IllegalArgumentException("'" + raw + "': a ping target has no port, ping://host");
        }
        yield new Target(kind, "ping://" + hostPart, host, -1);
      }
      case TRACE -> {
        // a port makes a TCP trace towards it; without one an ICMP trace (or TCP to 443)
        noPath(uri, raw, "a trace target is trace://host[:port]");
        yield new Target(kind, "trace://" + hostPart + (port == -1 ? "" : ":" + port), host, port);
      }
    };
  }

  /** The host as a person reads it, for summaries and history: {@code example.com}. */
  public String displayHost() {
    return host;
  }

  /** A literal address of the host, read as a browser reads it, or empty when it is a name to resolve. */
  public Optional<InetAddress> literalAddress() {
    return HostLiteral.parse(host);
  }

  private static void noPath(URI uri, String raw, String form) {
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + raw + "': " + form + ", without a path or query");
    }
  }

  /**
   * The port, -1 when none. java.net.URI parses names it does not take for host names
   * (internationalised ones, {@code 0x7f.1}) as a registry authority and reports no port: then
   * it is read from the authority.
   */
  private static int port(URI uri, String raw) {
    int port = uri.getPort();
    if (uri.getHost() == null) {
      Matcher m = AUTHORITY_PORT.matcher(uri.getRawAuthority());
      port = m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
    if (port != -1 && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("'" + raw + "': port " + port + " is out of range 1..65535");
    }
    return port;
  }

  /** The host in its one normal form: lower-case ASCII name, dotted-quad IPv4, or IPv6 without brackets. */
  private static String host(URI uri, String raw, boolean underscores) {
    String host = uri.getHost();
    if (host == null) {
      String authority = uri.getRawAuthority();
      host = authority.endsWith("]") ? authority : PORT_SUFFIX.matcher(authority).replaceFirst("");
    }
    if (host.startsWith("[") || host.contains(":")) {
      return ipv6(host, raw);
    }
    String ascii;
    boolean service = underscores && host.indexOf('_') >= 0 && DNS_NAME.matcher(host.toLowerCase(Locale.ROOT)).matches();
    try {
      ascii = service ? host.toLowerCase(Locale.ROOT)
          : IDN.toASCII(host, IDN.ALLOW_UNASSIGNED | IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw notAHost(raw, host);
    }
    String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    if (name.isEmpty() || name.length() > 253 || !(service ? DNS_NAME : HOST_NAME).matcher(name).matches()) {
      throw notAHost(raw, host);
    }
    Optional<InetAddress> literal;
    try {
      literal = HostLiteral.parse(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + raw + "': " + e.getMessage());
    }
    if (literal.isPresent()) {
      return literal.get().getHostAddress();
    }
    if (!Character.isLetter(name.charAt(name.lastIndexOf('.') + 1))) {
      // "a.0a": neither a number nor a name (no top-level label starts with a digit; URLs reject it)
      throw notAHost(raw, host);
    }
    return name;
  }

  private static String ipv6(String host, String raw) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    h = h.toLowerCase(Locale.ROOT);
    if (!HostLiteral.IPV6_CHARS.matcher(h).matches() || !h.contains(":")) {
      throw notAHost(raw, host);
    }
    try {
      InetAddress.getByName("[" + h + "]"); // bracketed: parsed as a literal, never looked up
      return h;
    } catch (UnknownHostException e) {
      throw notAHost(raw, host);
    }
  }

  private static IllegalArgumentException notAHost(String raw, String host) {
    return new IllegalArgumentException("'" + raw + "': '" + host + "' is not a valid host name or address");
  }
}
