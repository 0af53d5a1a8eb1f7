package downcheck.agent.probe.http;

import java.nio.charset.StandardCharsets;

/**
 * The one request an HTTP probe sends: {@code GET} over HTTP/1.1 with Host, User-Agent,
 * {@code Accept: *}{@code /*} and {@code Connection: close} (every probe opens its own
 * connection). No Accept-Encoding: a body is read as sent, never inflated.
 */
final class GetRequest {
  private GetRequest() {}

  /**
   * @param target    origin-form path and query, e.g. {@code /a?b=c}
   * @param host      the Host header: the name (bracketed if IPv6), with the port unless default
   * @param userAgent the agent's User-Agent
   */
  static byte[] encode(String target, String host, String userAgent) {
    if (!target.startsWith("/") || !isFieldSafe(target) || target.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("not a request target: '" + target + "'");
    }
    if (!isFieldSafe(host) || !isFieldSafe(userAgent)) {
      throw new IllegalArgumentException("control characters in the Host or User-Agent header");
    }
    String request = "GET " + target + " HTTP/1.1\r\n"
        + "Host: " + host + "\r\n"
        + "User-Agent: " + userAgent + "\r\n"
        + "Accept: */*\r\n"
        + "Connection: close\r\n"
        + "\r\n";
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The Host header for a target: {@code name}, {@code name:port}, {@code [v6]:port}. */
  static String hostHeader(String host, int port, boolean https) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return port == (https ? 443 : 80) ? h : h + ":" + port;
  }

  private static boolean isFieldSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }
}
