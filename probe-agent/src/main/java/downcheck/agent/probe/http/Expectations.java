package downcheck.agent.probe.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Pattern;
import downcheck.model.check.Expect;
import downcheck.model.check.HeaderMatch;
import downcheck.model.check.JsonMatch;
import downcheck.model.result.ErrorClass;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a check expects of an HTTP answer, ready to judge one (docs/probes.md, "Expectations"):
 * the status first, then each content expectation in turn; the first that fails names itself.
 * Regular expressions run on RE2/J (linear time in the text, whatever the pattern), never on
 * {@code java.util.regex}. Plain Java, no I/O: the HTTP/1.1 and HTTP/2 paths both feed a
 * {@link Body} as the body arrives and call {@link #judge}.
 *
 * <p>Bounds: {@code bodyContains} and {@code bodyNotContains} search every body byte the probe
 * reads ({@link HttpRun#BODY_LIMIT}) as it streams, keeping none; {@code bodyMatches} and
 * {@code json} need the text, so a body kept for them is at most {@link #KEPT_LIMIT} bytes,
 * leased from the agent's probe memory like the rest of the run: a pattern is matched within
 * that first part, and JSON values are read only from a body that fits in it.
 */
final class Expectations {
  /** The most of a body kept for {@code bodyMatches} and {@code json}. */
  static final int KEPT_LIMIT = 64 * 1024;
  private static final int QUOTED = 80;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Why an answer is not what the check expects: the class the result takes, and a message naming the expectation. */
  record Failure(ErrorClass errorClass, String message) {}

  private final Expect expect;
  private final Pattern bodyPattern;
  private final List<Pattern> headerPatterns = new ArrayList<>();
  private final List<JsonPointer> pointers = new ArrayList<>();

  /** @throws IllegalArgumentException when a pattern or pointer does not compile (the coordinator refuses those) */
  Expectations(Expect expect) {
    this.expect = expect == null ? Expect.DEFAULT : expect;
    try {
      bodyPattern = this.expect.bodyMatches() == null ? null : Pattern.compile(this.expect.bodyMatches());
      for (HeaderMatch h : this.expect.headers()) {
        headerPatterns.add(h.matches() == null ? null : Pattern.compile(h.matches()));
      }
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new IllegalArgumentException("bad expectation: " + e.getMessage(), e);
    }
    for (JsonMatch j : this.expect.json()) {
      pointers.add(JsonPointer.compile(j.pointer()));
    }
  }

  /** A sink for one answer's body, keeping and searching what these expectations need. */
  Body body() {
    return new Body();
  }

  /**
   * The first expectation the answer fails, or empty when it is up: the status (HTTP_5XX for a 5xx,
   * else UNEXPECTED_STATUS), then the body's substrings, pattern, headers and JSON values
   * (CONTENT_MISMATCH).
   *
   * @param reason  the status line's reason phrase, "" where there is none (HTTP/2)
   * @param headers the answer's header fields, names in any case
   * @param body    the body as fed while it arrived
   */
  Optional<Failure> judge(int status, String reason, List<ResponseHead.Field> headers, Body body) {
    if (!expect.statusOk(status)) {
      return Optional.of(new Failure(status >= 500 ? ErrorClass.HTTP_5XX : ErrorClass.UNEXPECTED_STATUS,
          ("HTTP " + status + " " + (reason == null ? "" : reason)).strip()));
    }
    return contents(headers, body).map(m -> new Failure(ErrorClass.CONTENT_MISMATCH, m));
  }

  /** As above, for a body read whole (tests, a path that has it in one piece). */
  Optional<Failure> judge(int status, String reason, List<ResponseHead.Field> headers, byte[] body) {
    Body b = body();
    b.feed(body, 0, body.length);
    return judge(status, reason, headers, b);
  }

  private Optional<String> contents(List<ResponseHead.Field> headers, Body body) {
    String first = "body (first " + body.read + " bytes)";
    if (body.contains != null && !body.contains.found()) {
      return Optional.of(first + " does not contain '" + quoted(expect.bodyContains()) + "'");
    }
    if (body.notContains != null && body.notContains.found()) {
      return Optional.of(first + " contains '" + quoted(expect.bodyNotContains()) + "'");
    }
    if (bodyPattern != null && !bodyPattern.matcher(body.text()).find()) {
      return Optional.of("body (first " + body.kept + " bytes) does not match '" + quoted(expect.bodyMatches()) + "'");
    }
    for (int i = 0; i < expect.headers().size(); i++) {
      Optional<String> m = header(expect.headers().get(i), headerPatterns.get(i), headers);
      if (m.isPresent()) {
        return m;
      }
    }
    return pointers.isEmpty() ? Optional.empty() : json(body);
  }

  private static Optional<String> header(HeaderMatch want, Pattern pattern, List<ResponseHead.Field> headers) {
    List<String> values = headers.stream().filter(f -> f.name().equalsIgnoreCase(want.name()))
        .map(ResponseHead.Field::value).toList();
    if (values.isEmpty()) {
      return Optional.of("no header " + want.name() + " in the answer");
    }
    if (pattern == null || values.stream().anyMatch(v -> pattern.matcher(v).find())) {
      return Optional.empty();
    }
    return Optional.of("header " + want.name() + " '" + quoted(values.get(0)) + "' does not match '"
        + quoted(want.matches()) + "'");
  }

  private Optional<String> json(Body body) {
    if (body.read > body.kept) {
      return Optional.of("body is over " + KEPT_LIMIT + " bytes: JSON values are read only from bodies of at most "
          + KEPT_LIMIT + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body.bytes, 0, body.kept);
    } catch (IOException e) {
      return Optional.of("body is not JSON: " + quoted(firstLine(e.getMessage())));
    }
    if (root == null || root.isMissingNode()) {
      return Optional.of("body is not JSON: it is empty");
    }
    for (int i = 0; i < pointers.size(); i++) {
      JsonMatch want = expect.json().get(i);
      JsonNode found = root.at(pointers.get(i));
      if (found.isMissingNode()) {
        return Optional.of("no JSON value at " + quoted(want.pointer()));
      }
      if (!equal(found, want.equals())) {
        return Optional.of("JSON at " + quoted(want.pointer()) + " is " + quoted(found.toString()) + ", not "
            + quoted(shown(want.equals())));
      }
    }
    return Optional.empty();
  }

  /** A JSON scalar against the expected one: strings and booleans exactly, numbers by value (1 = 1.0). */
  static boolean equal(JsonNode found, Object expected) {
    if (expected == null) {
      return found.isNull();
    }
    if (expected instanceof String s) {
      return found.isTextual() && found.asText().equals(s);
    }
    if (expected instanceof Boolean b) {
      return found.isBoolean() && found.asBoolean() == b;
    }
    if (expected instanceof Number n) {
      try {
        return found.isNumber() && found.decimalValue().compareTo(new BigDecimal(n.toString())) == 0;
      } catch (NumberFormatException e) {
        return false; // NaN or infinity: no JSON number equals it
      }
    }
    return false;
  }

  private static String shown(Object expected) {
    return expected instanceof String s ? "\"" + s + "\"" : String.valueOf(expected);
  }

  private static String quoted(String s) {
    return s.length() > QUOTED ? s.substring(0, QUOTED) + "…" : s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl > 0 ? s.substring(0, nl) : s;
  }

  /**
   * One answer's body as it streams in: searched for the substrings (nothing kept for them) and,
   * when a pattern or JSON value is expected, its first {@link #KEPT_LIMIT} bytes kept.
   */
  final class Body {
    private final BodySearch contains;
    private final BodySearch notContains;
    private final boolean keep;
    private byte[] bytes = new byte[0];
    private int kept;
    private long read;

    private Body() {
      contains = expect.bodyContains() == null ? null
          : new BodySearch(expect.bodyContains().getBytes(StandardCharsets.UTF_8));
      notContains = expect.bodyNotContains() == null ? null
          : new BodySearch(expect.bodyNotContains().getBytes(StandardCharsets.UTF_8));
      keep = bodyPattern != null || !pointers.isEmpty();
    }

    /** Feeds the next bytes of the body (a {@link ResponseParser.BodySink}). */
    void feed(byte[] data, int offset, int length) {
      read += length;
      if (contains != null) {
        contains.feed(data, offset, length);
      }
      if (notContains != null) {
        notContains.feed(data, offset, length);
      }
      if (keep && kept < KEPT_LIMIT) {
        int take = Math.min(length, KEPT_LIMIT - kept);
        if (kept + take > bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.min(KEPT_LIMIT, Math.max(kept + take, Math.max(4096, bytes.length * 2))));
        }
        System.arraycopy(data, offset, bytes, kept, take);
        kept += take;
      }
    }

    /** Whether anything in the body is looked at: when not, no sink is needed. */
    boolean looked() {
      return contains != null || notContains != null || keep;
    }

    /** Heap bytes this body holds (searches, kept bytes), for the probes' memory budget. */
    long footprint() {
      return 64 + (contains == null ? 0 : contains.footprint()) + (notContains == null ? 0 : notContains.footprint())
          + bytes.length;
    }

    /** Body bytes fed so far. */
    long read() {
      return read;
    }

    private String text() {
      return new String(bytes, 0, kept, StandardCharsets.UTF_8);
    }
  }
}
