package downcheck.coordinator.check;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.model.check.Expect;
import downcheck.model.check.HeaderMatch;
import downcheck.model.check.JsonMatch;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.RequestShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request shape of a check or monitor body ({@code method}, {@code headers}, {@code body})
 * and the expectations beyond status and substring ({@code expect.bodyNotContains},
 * {@code bodyMatches}, {@code headers}, {@code json}), validated by the rules of docs/api.md,
 * "Shaped requests": every bad field named. A header value is never quoted back (it may be a
 * token). Regular expressions are compiled here with RE2/J, so a bad one is refused at submission
 * and every one an agent runs matches in linear time. Plain code, no HTTP types.
 */
final class RequestInput {
  static final Set<String> FIELDS = Set.of("method", "headers", "body");
  static final Set<String> EXPECT_FIELDS =
      Set.of("status", "bodyContains", "bodyNotContains", "bodyMatches", "headers", "json");
  static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  /** Methods a body may go with: those whose request content has a meaning (RFC 9110, 9.3). */
  static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");
  static final int MAX_HEADERS = 20;
  static final int MAX_HEADER_BYTES = 8 * 1024;
  static final int MAX_BODY_BYTES = 8 * 1024;
  static final int MAX_PATTERN = 1024;
  static final int MAX_MATCHES = 20;
  /** Hop-by-hop (RFC 9110, 7.6.1) or the agent's own to write: refused by name, lower case. */
  static final Set<String> REFUSED = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding",
      "upgrade", "host", "content-length");
  private static final String TOKEN_EXTRA = "!#$%&'*+-.^_`|~";

  private RequestInput() {}

  /** The body's method, headers and body; {@link RequestShape#DEFAULT} when none is given. */
  static RequestShape request(JsonNode root, List<FieldError> errors) {
    String method = method(root.get("method"), errors);
    Map<String, String> headers = headers(root.get("headers"), errors);
    String body = body(root.get("body"), method, errors);
    RequestShape shape = new RequestShape(method, headers, body);
    return shape.isDefault() ? RequestShape.DEFAULT : shape;
  }

  /** The rules across fields: an http check only, and no body to look at in a HEAD answer. */
  static void across(ProbeKind kind, RequestShape shape, Expect expect, List<FieldError> errors) {
    if (kind != ProbeKind.HTTP && !shape.isDefault()) {
      errors.add(new FieldError("method", "only http checks send a method, headers or a body"));
    }
    if (shape.method().equals("HEAD")) {
      lookAtBody(expect).forEach(f -> errors.add(new FieldError("expect." + f, "a HEAD answer has no body to look at")));
    }
  }

  /**
   * {@code base} (the status and substring already read) with the further expectations of the
   * {@code expect} object, each compiled or parsed to be sure it can run.
   */
  static Expect expect(JsonNode n, Expect base, List<FieldError> errors) {
    if (Fields.absent(n) || !n.isObject()) {
      return base;
    }
    Fields.unknown(n, EXPECT_FIELDS, "expect", errors);
    String notContains = Fields.string(n.get("bodyNotContains"), "expect.bodyNotContains", Submission.MAX_TEXT,
        true, errors);
    String matches = pattern(n.get("bodyMatches"), "expect.bodyMatches", errors);
    List<HeaderMatch> headers = headerMatches(n.get("headers"), errors);
    List<JsonMatch> json = jsonMatches(n.get("json"), errors);
    return new Expect(base.status(), base.bodyContains(), notContains, matches, headers, json);
  }

  private static String method(JsonNode n, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return "GET";
    }
    if (!n.isTextual() || !METHODS.contains(n.asText())) {
      errors.add(new FieldError("method", Fields.shown(n) + " is not one of " + String.join(", ", METHODS)));
      return "GET";
    }
    return n.asText();
  }

  private static Map<String, String> headers(JsonNode n, List<FieldError> errors) {
    Map<String, String> out = new LinkedHashMap<>();
    if (Fields.absent(n)) {
      return out;
    }
    if (!n.isObject() || n.size() > MAX_HEADERS) {
      errors.add(new FieldError("headers", "must be an object of at most " + MAX_HEADERS
          + " headers: {\"Authorization\": \"Bearer …\"}"));
      return out;
    }
    Set<String> seen = new java.util.HashSet<>();
    int bytes = 0;
    Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      String field = "headers." + Fields.clip(name);
      String problem = nameProblem(name);
      if (problem == null && !seen.add(name.toLowerCase(Locale.ROOT))) {
        problem = "given twice (header names are case-insensitive)";
      }
      if (problem != null) {
        errors.add(new FieldError(field, problem));
        continue;
      }
      if (!f.getValue().isTextual() || !isFieldValue(f.getValue().asText())) {
        // never quoted: a header value may be a secret
        errors.add(new FieldError(field, "the value must be a string of visible ASCII characters, spaces and tabs "
            + "(no CR, LF or other control characters)"));
        continue;
      }
      bytes += name.length() + 2 + f.getValue().asText().length() + 2;
      out.put(name, f.getValue().asText());
    }
    if (bytes > MAX_HEADER_BYTES) {
      errors.add(new FieldError("headers", "are " + bytes + " bytes in all (name: value, each line); at most "
          + MAX_HEADER_BYTES));
    }
    return out;
  }

  /** Why a header name is refused, or null. */
  static String nameProblem(String name) {
    if (!isToken(name)) {
      return "'" + Fields.clip(name) + "' is not a header name (letters, digits and !#$%&'*+-.^_`|~)";
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("host")) {
      return "refused: the target's host is sent as Host";
    }
    if (lower.equals("content-length")) {
      return "refused: Content-Length is computed from the body";
    }
    if (REFUSED.contains(lower) || lower.startsWith("proxy-")) {
      return "refused: a hop-by-hop header (Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, "
          + "Upgrade) is the connection's, not the request's";
    }
    return null;
  }

  private static String body(JsonNode n, String method, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return null;
    }
    if (!n.isTextual()) {
      errors.add(new FieldError("body", "must be a string (sent as UTF-8)"));
      return null;
    }
    int bytes = n.asText().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BODY_BYTES) {
      errors.add(new FieldError("body", "is " + bytes + " bytes in UTF-8; at most " + MAX_BODY_BYTES));
      return null;
    }
    if (!WITH_BODY.contains(method)) {
      errors.add(new FieldError("body", "a " + method + " request carries no body; use POST, PUT, PATCH or DELETE"));
      return null;
    }
    return n.asText();
  }

  private static String pattern(JsonNode n, String field, List<FieldError> errors) {
    String text = Fields.string(n, field, MAX_PATTERN, true, errors);
    if (text == null) {
      return null;
    }
    try {
      Pattern.compile(text);
      return text;
    } catch (PatternSyntaxException e) {
      errors.add(new FieldError(field, "not a regular expression in RE2 syntax: " + Fields.clip(e.getMessage())));
      return null;
    }
  }

  private static List<HeaderMatch> headerMatches(JsonNode n, List<FieldError> errors) {
    List<HeaderMatch> out = new ArrayList<>();
    if (Fields.absent(n)) {
      return out;
    }
    if (!n.isArray() || n.size() > MAX_MATCHES) {
      errors.add(new FieldError("expect.headers", "must be an array of at most " + MAX_MATCHES
          + " {\"name\": \"Content-Type\", \"matches\": \"json\"}"));
      return out;
    }
    for (int i = 0; i < n.size(); i++) {
      String at = "expect.headers[" + i + "]";
      JsonNode m = n.get(i);
      if (!m.isObject()) {
        errors.add(new FieldError(at, "must be an object: {\"name\": \"Content-Type\", \"matches\": \"json\"}"));
        continue;
      }
      Fields.unknown(m, Set.of("name", "matches"), at, errors);
      String name = Fields.string(m.get("name"), at + ".name", 256, true, errors);
      if (Fields.absent(m.get("name"))) {
        errors.add(new FieldError(at + ".name", "is required"));
      } else if (name != null && !isToken(name)) {
        errors.add(new FieldError(at + ".name", "'" + Fields.clip(name) + "' is not a header name"));
        name = null;
      }
      String matches = pattern(m.get("matches"), at + ".matches", errors);
      if (name != null) {
        out.add(new HeaderMatch(name, matches));
      }
    }
    return out;
  }

  private static List<JsonMatch> jsonMatches(JsonNode n, List<FieldError> errors) {
    List<JsonMatch> out = new ArrayList<>();
    if (Fields.absent(n)) {
      return out;
    }
    if (!n.isArray() || n.size() > MAX_MATCHES) {
      errors.add(new FieldError("expect.json", "must be an array of at most " + MAX_MATCHES
          + " {\"pointer\": \"/status\", \"equals\": \"ok\"}"));
      return out;
    }
    for (int i = 0; i < n.size(); i++) {
      String at = "expect.json[" + i + "]";
      JsonNode m = n.get(i);
      if (!m.isObject()) {
        errors.add(new FieldError(at, "must be an object: {\"pointer\": \"/status\", \"equals\": \"ok\"}"));
        continue;
      }
      Fields.unknown(m, Set.of("pointer", "equals"), at, errors);
      String pointer = pointer(m.get("pointer"), at + ".pointer", errors);
      JsonNode equals = m.get("equals");
      boolean scalar = equals != null && (equals.isTextual() || equals.isNumber() || equals.isBoolean()
          || equals.isNull());
      if (!scalar) {
        errors.add(new FieldError(at + ".equals", equals == null ? "is required: a string, number, true, false or null"
            : "must be a string, number, true, false or null, got " + Fields.json(equals)));
      }
      if (pointer != null && scalar) {
        out.add(new JsonMatch(pointer, scalar(equals)));
      }
    }
    return out;
  }

  private static String pointer(JsonNode n, String field, List<FieldError> errors) {
    if (Fields.absent(n)) {
      errors.add(new FieldError(field, "is required: an RFC 6901 JSON Pointer such as /status or /items/0/id"));
      return null;
    }
    String text = Fields.string(n, field, MAX_PATTERN, false, errors);
    if (text == null) {
      return null;
    }
    if (isPointer(text)) {
      return text;
    }
    errors.add(new FieldError(field, "'" + Fields.clip(text) + "' is not an RFC 6901 JSON Pointer: it is empty "
        + "(the whole document) or starts with /, and ~ is followed by 0 or 1"));
    return null;
  }

  /** RFC 6901 strictly: Jackson's parser takes a ~ before any other character as itself. */
  private static boolean isPointer(String text) {
    try {
      JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return !text.replace("~0", "").replace("~1", "").contains("~");
  }

  private static Object scalar(JsonNode n) {
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    return n.isNull() ? null : n.numberValue();
  }

  private static List<String> lookAtBody(Expect e) {
    List<String> out = new ArrayList<>();
    if (e.bodyContains() != null) {
      out.add("bodyContains");
    }
    if (e.bodyNotContains() != null) {
      out.add("bodyNotContains");
    }
    if (e.bodyMatches() != null) {
      out.add("bodyMatches");
    }
    if (!e.json().isEmpty()) {
      out.add("json");
    }
    return out;
  }

  static boolean isToken(String s) {
    if (s.isEmpty() || s.length() > 256) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || TOKEN_EXTRA.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Visible ASCII, spaces and tabs (RFC 9110 field-value without obs-text). */
  static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c == '\t' || (c >= 0x20 && c < 0x7f))) {
        return false;
      }
    }
    return true;
  }
}
