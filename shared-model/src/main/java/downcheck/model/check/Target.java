package downcheck.model.check;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A check target, parsed and normalised: {@code https://Example.com} becomes
 * {@code https://example.com/}, a bare host means https, {@code tcp://host:port} and
 * {@code dns://host} name the other kinds. Bad input is an {@link IllegalArgumentException}
 * whose message quotes it.
 */
public record Target(ProbeKind kind, String normalized, String host, int port) {
  public static final int MAX_LENGTH = 2048;

  public static Target parse(String raw, ProbeKind requested) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("target is required");
    }
    String text = raw.strip();
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("target is longer than " + MAX_LENGTH + " characters");
    }
    if (!text.contains("://")) {
      text = (requested == ProbeKind.TCP ? "tcp://" : requested == ProbeKind.DNS ? "dns://" : "https://") + text;
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
      default -> throw new IllegalArgumentException("'" + raw + "': scheme '" + scheme + "' is not http, https, tcp or dns");
    };
    if (requested != null && requested != kind) {
      throw new IllegalArgumentException("'" + raw + "' is a " + kind.wire() + " target, not " + requested.wire());
    }
    if (uri.getRawUserInfo() != null || String.valueOf(uri.getRawAuthority()).contains("@")) {
      // never echo the value: it holds a password
      throw new IllegalArgumentException("credentials in the URL are not allowed (user:password@host)");
    }
    String host = asciiHost(uri, raw);
    int port = port(uri, raw);
    return switch (kind) {
      case HTTP -> {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        int effective = port == -1 ? (scheme.equals("http") ? 80 : 443) : port;
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        yield new Target(kind, scheme + "://" + hostPart + (defaultPort ? "" : ":" + port) + path + query, host, effective);
      }
      case TCP -> {
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("'" + raw + "': a tcp target needs a port, tcp://host:port");
        }
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        yield new Target(kind, "tcp://" + hostPart + ":" + port, host, port);
      }
      case DNS -> new Target(kind, "dns://" + host, host, -1);
    };
  }

  /** The host as a person reads it, for summaries and history: {@code example.com}. */
  public String displayHost() {
    return host;
  }

  /**
   * java.net.URI parses names it does not take for host names (internationalised ones,
   * {@code 0x7f.1}) as a registry authority and reports no port: read it from the authority.
   */
  private static int port(URI uri, String raw) {
    if (uri.getHost() != null || uri.getRawAuthority() == null) {
      return uri.getPort();
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d{1,5})$").matcher(uri.getRawAuthority());
    if (!m.find()) {
      return -1;
    }
    int port = Integer.parseInt(m.group(1));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("'" + raw + "': port " + port + " is out of range");
    }
    return port;
  }

  private static String asciiHost(URI uri, String raw) {
    String host = uri.getHost();
    if (host == null) {
      // java.net.URI leaves internationalised names in the authority only
      String authority = uri.getRawAuthority();
      if (authority == null || authority.isBlank()) {
        throw new IllegalArgumentException("'" + raw + "' has no host");
      }
      host = authority.replaceFirst(":\\d+$", "");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1).toLowerCase(Locale.ROOT);
    }
    try {
      String ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      if (ascii.isEmpty() || ascii.length() > 253) {
        throw new IllegalArgumentException("'" + raw + "': host name is empty or too long");
      }
      return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + raw + "': '" + host + "' is not a valid host name");
    }
  }
}
