package downcheck.agent.probe.http;

import downcheck.model.check.RequestShape;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request an HTTP probe sends, as the check shapes it (docs/probes.md, "Shaped requests"):
 * its method, the user's headers in order after the agent's own {@code User-Agent} and
 * {@code Accept: *}{@code /*} (each replaced when the user gives one), and its body in UTF-8,
 * with Content-Length computed. {@link #http1} writes it for HTTP/1.1 with Host and
 * {@code Connection: close} (every probe opens its own connection); an HTTP/2 path takes
 * {@link #method()}, {@link #fields()} and {@link #body()} and frames them itself. No
 * Accept-Encoding: a body is read as sent, never inflated.
 *
 * <p>The coordinator validated the shape (docs/api.md); this checks again what would break the
 * framing (a CR or LF in a value, a name that is not a token, a header that is the connection's)
 * and throws {@link IllegalArgumentException}: the probe ends as ERROR, never as evidence.
 */
final class RequestWriter {
  /** Header fields of a request, in the order written. */
  record Field(String name, String value) {}

  /** Written by the writer itself, or hop-by-hop: never taken from a check. */
  private static final Set<String> OWN = Set.of("host", "content-length", "connection", "keep-alive", "te", "trailer",
      "transfer-encoding", "upgrade");
  private static final Set<String> CARRY_BODY = Set.of("POST", "PUT", "PATCH");
  private static final String TOKEN_EXTRA = "!#$%&'*+-.^_`|~";

  private final RequestShape shape;
  private final String userAgent;

  RequestWriter(RequestShape shape, String userAgent) {
    this.shape = shape == null ? RequestShape.DEFAULT : shape;
    this.userAgent = userAgent;
    check(this.shape);
  }

  String method() {
    return shape.method();
  }

  /** False for HEAD: its answer has no body, whatever its Content-Length says. */
  boolean answerHasBody() {
    return !shape.method().equals("HEAD");
  }

  /** The body's bytes (UTF-8), empty when there is none. */
  byte[] body() {
    return shape.body() == null ? new byte[0] : shape.body().getBytes(StandardCharsets.UTF_8);
  }

  /** End-to-end fields: User-Agent and Accept unless the user gave them, then the user's, as given. */
  List<Field> fields() {
    List<Field> out = new ArrayList<>();
    if (!given("User-Agent")) {
      out.add(new Field("User-Agent", userAgent));
    }
    if (!given("Accept")) {
      out.add(new Field("Accept", "*/*"));
    }
    shape.headers().forEach((name, value) -> out.add(new Field(name, value)));
    return out;
  }

  /**
   * The request on an HTTP/1.1 connection.
   *
   * @param target origin-form path and query, e.g. {@code /a?b=c}
   * @param host   the Host header: the name (bracketed if IPv6), with the port unless default
   */
  byte[] http1(String target, String host) {
    if (!target.startsWith("/") || !isFieldSafe(target) || target.indexOf(' ') >= 0 || target.indexOf('\t') >= 0) {
      throw new IllegalArgumentException("not a request target: '" + target + "'");
    }
    if (!isFieldSafe(host) || !isFieldSafe(userAgent)) {
      throw new IllegalArgumentException("control characters in the Host or User-Agent header");
    }
    byte[] body = body();
    StringBuilder head = new StringBuilder(256)
        .append(shape.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n");
    for (Field f : fields()) {
      head.append(f.name()).append(": ").append(f.value()).append("\r\n");
    }
    if (body.length > 0 || CARRY_BODY.contains(shape.method())) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /**
   * The request to send to where a redirect points, as browsers and curl do: a 303, and a 301 or
   * 302 answering a POST, turn it into a GET without body (HEAD stays HEAD); 307 and 308 keep it.
   * To another origin only the headers shown in reads go along ({@link RequestShape#SHOWN_HEADERS}):
   * credentials are for the origin they were given for.
   */
  RequestWriter redirected(int status, boolean sameOrigin) {
    String method = shape.method();
    boolean toGet = !method.equals("HEAD") && (status == 303 || ((status == 301 || status == 302)
        && method.equals("POST")));
    String body = toGet ? null : shape.body();
    var headers = new java.util.LinkedHashMap<String, String>();
    shape.headers().forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean keep = sameOrigin || RequestShape.SHOWN_HEADERS.contains(lower);
      if (keep && !(toGet && lower.equals("content-type"))) {
        headers.put(name, value);
      }
    });
    return new RequestWriter(new RequestShape(toGet ? "GET" : method, headers, body), userAgent);
  }

  /** The Host header for a target: {@code name}, {@code name:port}, {@code [v6]:port}. */
  static String hostHeader(String host, int port, boolean https) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return port == (https ? 443 : 80) ? h : h + ":" + port;
  }

  private boolean given(String name) {
    return shape.headers().keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name));
  }

  private static void check(RequestShape shape) {
    if (!isToken(shape.method())) {
      throw new IllegalArgumentException("not a method: '" + shape.method() + "'");
    }
    shape.headers().forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!isToken(name) || OWN.contains(lower) || lower.startsWith("proxy-")) {
        throw new IllegalArgumentException("header '" + name + "' is not one a check may send");
      }
      if (!isFieldSafe(value)) {
        throw new IllegalArgumentException("control characters in the value of header " + name);
      }
    });
  }

  private static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_EXTRA.indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** No control character but the tab, nothing past Latin-1 (a field is written as ISO-8859-1). */
  private static boolean isFieldSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }
}
