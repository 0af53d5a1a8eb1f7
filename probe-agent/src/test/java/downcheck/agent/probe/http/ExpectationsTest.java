package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.check.Expect;
import downcheck.model.check.HeaderMatch;
import downcheck.model.check.JsonMatch;
import downcheck.model.result.ErrorClass;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpectationsTest {
  static final List<ResponseHead.Field> JSON_HEADERS = List.of(
      new ResponseHead.Field("Content-Type", "application/json; charset=utf-8"),
      new ResponseHead.Field("Set-Cookie", "a=1"), new ResponseHead.Field("set-cookie", "session=xyz"));
  static final String HEALTH = "{\"status\":\"ok\",\"count\":3,\"ratio\":0.5,\"live\":true,\"gone\":null,"
      + "\"items\":[{\"id\":\"first\"}],\"a/b\":1,\"obj\":{}}";

  static Optional<Expectations.Failure> judge(Expect expect, int status, String body) {
    return new Expectations(expect).judge(status, "Reason", JSON_HEADERS, body.getBytes(StandardCharsets.UTF_8));
  }

  static Expect body(String contains, String notContains, String matches) {
    return new Expect(List.of(), contains, notContains, matches, List.of(), List.of());
  }

  static Expect headers(HeaderMatch... m) {
    return new Expect(List.of(), null, null, null, List.of(m), List.of());
  }

  static Expect json(String pointer, Object equals) {
    return new Expect(List.of(), null, null, null, List.of(), List.of(new JsonMatch(pointer, equals)));
  }

  static Stream<Arguments> upAnswers() {
    return Stream.of(
        argumentSet("no expectation, a 404 is a live server", Expect.DEFAULT, 404, ""),
        argumentSet("contains", body("ok", null, null), 200, HEALTH),
        argumentSet("does not contain", body(null, "error", null), 200, HEALTH),
        argumentSet("matches, unanchored", body(null, null, "\"count\":\\d+"), 200, HEALTH),
        argumentSet("matches, anchored on the whole text", body(null, null, "^\\{.*\\}$"), 200, HEALTH),
        argumentSet("header present", headers(new HeaderMatch("content-type", null)), 200, ""),
        argumentSet("header matches, names in any case", headers(new HeaderMatch("CONTENT-TYPE", "json")), 200, ""),
        argumentSet("any value of a repeated header", headers(new HeaderMatch("Set-Cookie", "^session=")), 200, ""),
        argumentSet("json string", json("/status", "ok"), 200, HEALTH),
        argumentSet("json number by value", json("/count", 3.0), 200, HEALTH),
        argumentSet("json fraction", json("/ratio", 0.5), 200, HEALTH),
        argumentSet("json boolean", json("/live", true), 200, HEALTH),
        argumentSet("json null", json("/gone", null), 200, HEALTH),
        argumentSet("json array index", json("/items/0/id", "first"), 200, HEALTH),
        argumentSet("json escaped slash (~1)", json("/a~1b", 1), 200, HEALTH));
  }

  @ParameterizedTest
  @MethodSource("upAnswers")
  void anAnswerMeetingEveryExpectationIsUp(Expect expect, int status, String body) {
    assertThat(judge(expect, status, body)).isEmpty();
  }

  static Stream<Arguments> failingAnswers() {
    return Stream.of(
        argumentSet("5xx", Expect.DEFAULT, 503, "", ErrorClass.HTTP_5XX, "HTTP 503 Reason"),
        argumentSet("status not listed", new Expect(List.of(200), null), 404, "", ErrorClass.UNEXPECTED_STATUS,
            "HTTP 404 Reason"),
        argumentSet("missing text", body("healthy", null, null), 200, HEALTH, ErrorClass.CONTENT_MISMATCH,
            "body (first 103 bytes) does not contain 'healthy'"),
        argumentSet("forbidden text", body(null, "\"ok\"", null), 200, HEALTH, ErrorClass.CONTENT_MISMATCH,
            "body (first 103 bytes) contains '\"ok\"'"),
        argumentSet("no match", body(null, null, "^ok$"), 200, HEALTH, ErrorClass.CONTENT_MISMATCH,
            "body (first 103 bytes) does not match '^ok$'"),
        argumentSet("header value", headers(new HeaderMatch("Content-Type", "^text/html")), 200, "",
            ErrorClass.CONTENT_MISMATCH,
            "header Content-Type 'application/json; charset=utf-8' does not match '^text/html'"),
        argumentSet("header absent", headers(new HeaderMatch("X-Version", null)), 200, "",
            ErrorClass.CONTENT_MISMATCH, "no header X-Version in the answer"),
        argumentSet("json other value", json("/status", "degraded"), 200, HEALTH, ErrorClass.CONTENT_MISMATCH,
            "JSON at /status is \"ok\", not \"degraded\""),
        argumentSet("json string is not the number", json("/count", "3"), 200, HEALTH, ErrorClass.CONTENT_MISMATCH,
            "JSON at /count is 3, not \"3\""),
        argumentSet("json object is no scalar", json("/obj", "x"), 200, HEALTH, ErrorClass.CONTENT_MISMATCH,
            "JSON at /obj is {}, not \"x\""),
        argumentSet("json absent", json("/version", "1"), 200, HEALTH, ErrorClass.CONTENT_MISMATCH,
            "no JSON value at /version"),
        argumentSet("not json", json("/status", "ok"), 200, "<html>ok</html>", ErrorClass.CONTENT_MISMATCH,
            "body is not JSON: "),
        argumentSet("json with trailing text", json("/status", "ok"), 200, HEALTH + " and more",
            ErrorClass.CONTENT_MISMATCH, "body is not JSON: "),
        argumentSet("empty body", json("/status", "ok"), 200, "", ErrorClass.CONTENT_MISMATCH,
            "body is not JSON: "));
  }

  @ParameterizedTest
  @MethodSource("failingAnswers")
  void theFirstFailingExpectationNamesItself(Expect expect, int status, String body, ErrorClass errorClass,
      String message) {
    Expectations.Failure failure = judge(expect, status, body).orElseThrow();
    assertThat(failure.errorClass()).isEqualTo(errorClass);
    assertThat(failure.message()).startsWith(message);
  }

  @Test
  void theStatusIsJudgedBeforeTheBody() {
    assertThat(judge(body("absent", null, null), 500, HEALTH).orElseThrow().errorClass())
        .isEqualTo(ErrorClass.HTTP_5XX);
  }

  @Test
  void jsonValuesAreReadOnlyFromABodyWithinTheKeptBound() {
    String big = "{\"status\":\"ok\",\"pad\":\"" + "x".repeat(Expectations.KEPT_LIMIT) + "\"}";
    assertThat(judge(json("/status", "ok"), 200, big).orElseThrow().message())
        .isEqualTo("body is over 65536 bytes: JSON values are read only from bodies of at most 65536 bytes");
  }

  @Test
  void aPatternIsMatchedWithinTheKeptBoundWhileSubstringsAreSearchedFurther() {
    String body = "x".repeat(Expectations.KEPT_LIMIT) + "needle";
    assertThat(judge(body(null, null, "needle"), 200, body).orElseThrow().message())
        .isEqualTo("body (first 65536 bytes) does not match 'needle'");
    assertThat(judge(body("needle", null, null), 200, body)).isEmpty();
    assertThat(judge(body(null, "needle", null), 200, body)).isPresent();
  }

  @Test
  void aBodyKeepsNothingWhenNoPatternOrJsonIsExpected() {
    Expectations.Body b = new Expectations(body("ok", null, null)).body();
    long before = b.footprint();
    byte[] page = new byte[100_000];
    b.feed(page, 0, page.length);
    assertThat(b.footprint()).isEqualTo(before);
    Expectations.Body kept = new Expectations(body(null, null, "x")).body();
    kept.feed(page, 0, page.length);
    assertThat(kept.footprint()).isBetween((long) Expectations.KEPT_LIMIT, Expectations.KEPT_LIMIT + 1024L);
  }

  @Test
  void aPathologicalPatternRunsInLinearTime() {
    // backtracking engines (java.util.regex) take exponential time here; RE2/J is linear in the text
    String text = "a".repeat(60_000) + "!";
    Expect expect = new Expect(List.of(), null, null, "(a+)+$", List.of(new HeaderMatch("X-A", "(a|aa)+$")),
        List.of());
    List<ResponseHead.Field> head = List.of(new ResponseHead.Field("X-A", "a".repeat(4000) + "!"));
    assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
      Optional<Expectations.Failure> failure = new Expectations(expect).judge(200, "", head,
          text.getBytes(StandardCharsets.UTF_8));
      assertThat(failure.orElseThrow().message()).startsWith("body (first 60001 bytes) does not match");
    });
  }

  @Test
  void aPatternTheCoordinatorWouldRefuseIsAnErrorOfTheAgentNotEvidence() {
    assertThatThrownBy(() -> new Expectations(body(null, null, "(a"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Expectations(json("status", "ok"))).isInstanceOf(IllegalArgumentException.class);
  }
}
