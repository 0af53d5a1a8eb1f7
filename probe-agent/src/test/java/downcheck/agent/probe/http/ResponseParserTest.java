package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The response reader on its own: well-formed framings, malformed answers, answers cut short. */
class ResponseParserTest {
  static final String OK = "HTTP/1.1 200 OK\r\n";

  static Stream<Arguments> wellFormed() {
    return Stream.of(
        arguments("content-length", OK + "Content-Length: 5\r\n\r\nhello", 200, "hello", false),
        arguments("content-length zero", OK + "Content-Length: 0\r\n\r\n", 200, "", false),
        arguments("repeated equal content-length", OK + "Content-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok", 200,
            "ok", false),
        arguments("chunked with extension and trailer", OK + "Transfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nExpires: never\r\n\r\n", 200, "hello world", false),
        arguments("chunked upper-case hex", OK + "Transfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
            200, "0123456789", false),
        arguments("transfer-encoding wins over content-length",
            OK + "Content-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", 200, "ok", false),
        arguments("close-delimited", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the close", 200,
            "until the close", true),
        arguments("non-chunked transfer-encoding reads to the close", OK + "Transfer-Encoding: identity\r\n\r\nraw",
            200, "raw", true),
        arguments("204 has no body", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", 204, "", false),
        arguments("304 has no body", "HTTP/1.1 304 Not Modified\r\n\r\n", 304, "", false),
        arguments("interim responses are skipped", "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n" + OK + "Content-Length: 2\r\n\r\nok", 200, "ok", false),
        arguments("bare LF ends lines", "HTTP/1.1 404 Not Found\nContent-Length: 4\n\nnope", 404, "nope", false),
        arguments("no reason phrase", "HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n", 503, "", false),
        arguments("obs-fold continues a value", OK + "X-Long: a\r\n  b\r\nContent-Length: 1\r\n\r\n!", 200, "!", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void wellFormedResponseIsRead(String name, String raw, int status, String body, boolean endsAtClose)
      throws Exception {
    ByteArrayOutputStream wholeBody = new ByteArrayOutputStream();
    ResponseParser whole = new ResponseParser(1024, wholeBody::write, h -> true);
    assertThat(whole.feed(bytes(raw))).isEqualTo(!endsAtClose);
    assertThat(whole.finish()).isTrue();
    assertThat(whole.head().status()).isEqualTo(status);
    assertThat(wholeBody.toString(StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(whole.truncated()).isFalse();

    ByteArrayOutputStream byteByByteBody = new ByteArrayOutputStream();
    ResponseParser byteByByte = new ResponseParser(1024, byteByByteBody::write, h -> true);
    byte[] b = bytes(raw);
    for (int i = 0; i < b.length; i++) {
      byteByByte.feed(b, i, 1);
    }
    byteByByte.finish();
    assertThat(byteByByte.head()).isEqualTo(whole.head());
    assertThat(byteByByteBody.toByteArray()).isEqualTo(wholeBody.toByteArray());
  }

  static Stream<Arguments> malformed() {
    String fields = "X: y\r\n".repeat(ResponseParser.MAX_FIELDS + 1);
    return Stream.of(
        arguments("not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n", "not an HTTP/1.x status line"),
        arguments("HTTP/2 version", "HTTP/2 200\r\n\r\n", "not an HTTP/1.x status line"),
        arguments("empty first line", "\r\n" + OK, "not an HTTP/1.x status line"),
        arguments("status not digits", "HTTP/1.1 2x0 OK\r\n", "bad status code"),
        arguments("four-digit status", "HTTP/1.1 2000 OK\r\n", "bad status code"),
        arguments("status above 599", "HTTP/1.1 600 Odd\r\n", "outside 100..599"),
        arguments("control character in reason", "HTTP/1.1 200 O\u0000K\r\n", "control character"),
        arguments("field without colon", OK + "NoColon\r\n\r\n", "bad header field"),
        arguments("space before colon", OK + "Content-Length : 5\r\n\r\n", "bad header field"),
        arguments("control character in value", OK + "X: a\u0001b\r\n\r\n", "control character"),
        arguments("bare CR", "HTTP/1.1 200 OK\rX: y\r\n\r\n", "bare CR"),
        arguments("continuation before any field", OK + " folded\r\n\r\n", "continuation"),
        arguments("conflicting content-length", OK + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
            "conflicting Content-Length"),
        arguments("negative content-length", OK + "Content-Length: -1\r\n\r\n", "bad Content-Length"),
        arguments("huge content-length", OK + "Content-Length: 9999999999999999999\r\n\r\n", "bad Content-Length"),
        arguments("chunk size not hex", OK + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
        arguments("chunk size overflows", OK + "Transfer-Encoding: chunked\r\n\r\n1000000000000000\r\n", "too large"),
        arguments("chunk longer than its size", OK + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n",
            "longer than its size"),
        arguments("unsolicited 101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", "101"),
        arguments("endless interim responses", "HTTP/1.1 100 Continue\r\n\r\n".repeat(ResponseParser.MAX_INTERIM + 1),
            "interim"),
        arguments("oversized header block", OK + "X-Big: " + "a".repeat(ResponseParser.HEAD_LIMIT) + "\r\n\r\n",
            "response header larger than " + ResponseParser.HEAD_LIMIT + " bytes"),
        arguments("too many fields", OK + fields + "\r\n", "more than " + ResponseParser.MAX_FIELDS + " header fields"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedResponseIsRefusedWithAReason(String name, String raw, String reason) {
    assertThatThrownBy(() -> parser(1024).feed(bytes(raw)))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining(reason);
  }

  static Stream<Arguments> cutShort() {
    return Stream.of(
        arguments("nothing", "", "before any response"),
        arguments("half a status line", "HTTP/1.1 20", "in the status line"),
        arguments("in the fields", OK + "Content-Len", "in the response header"),
        arguments("short content-length body", OK + "Content-Length: 10\r\n\r\nhello", "in the response body"),
        arguments("in a chunk", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhel", "in the response body"),
        arguments("before the last chunk", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", "in the response body"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cutShort")
  void closeBeforeTheEndIsNotAResponse(String name, String raw, String where) throws Exception {
    ResponseParser p = parser(1024);
    assertThat(p.feed(bytes(raw))).isFalse();
    assertThat(p.finish()).isFalse();
    assertThat(p.where()).isEqualTo(where);
  }

  @Test
  void readingStopsAtTheBodyLimit() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ResponseParser p = new ResponseParser(4, body::write, h -> true);
    assertThat(p.feed(bytes(OK + "Content-Length: 10\r\n\r\n0123"))).isTrue();
    assertThat(body.toByteArray()).isEqualTo(bytes("0123"));
    assertThat(p.truncated()).isTrue();

    ByteArrayOutputStream chunkedBody = new ByteArrayOutputStream();
    ResponseParser chunked = new ResponseParser(4, chunkedBody::write, h -> true);
    assertThat(chunked.feed(bytes(OK + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n"))).isTrue();
    assertThat(chunkedBody.toByteArray()).isEqualTo(bytes("abcd"));
    assertThat(chunked.truncated()).isTrue();
  }

  @Test
  void aBodyNobodyLooksAtIsReadToItsEndButNotKept() throws Exception {
    ResponseParser p = new ResponseParser(1024, ResponseParser.BodySink.NONE, head -> true);
    assertThat(p.feed(bytes(OK + "Content-Length: 10\r\n\r\n01234"))).isFalse();
    assertThat(p.feed(bytes("56789"))).isTrue();
    assertThat(p.bodyRead()).isEqualTo(10);
    assertThat(p.heldBytes()).as("what the parser holds: its head, not the body").isLessThan(1024);
    assertThat(p.truncated()).isFalse();

    ResponseParser limited = new ResponseParser(4, ResponseParser.BodySink.NONE, head -> true);
    assertThat(limited.feed(bytes(OK + "Content-Length: 10\r\n\r\n0123"))).isTrue();
    assertThat(limited.truncated()).isTrue();
  }

  @Test
  void aBodyOfExactlyTheLimitIsComplete() throws Exception {
    ResponseParser p = parser(4);
    assertThat(p.feed(bytes(OK + "Content-Length: 4\r\n\r\n0123"))).isTrue();
    assertThat(p.truncated()).isFalse();
  }

  @Test
  void aResponseWhoseBodyIsNotWantedEndsWithItsHead() throws Exception {
    ResponseParser p = new ResponseParser(1024, ResponseParser.BodySink.NONE, head -> head.status() != 302);
    assertThat(p.feed(bytes("HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 5\r\n\r\n"))).isTrue();
    assertThat(p.head().header("location")).isEqualTo("/next");
    assertThat(p.bodyRead()).isZero();
  }

  @Test
  void headerNamesAreCaseInsensitiveAndValuesTrimmed() throws Exception {
    ResponseParser p = parser(1024);
    p.feed(bytes("HTTP/1.1 503 Service Unavailable\r\nretry-after:   120  \r\nContent-Length: 0\r\n\r\n"));
    assertThat(p.head().header("Retry-After")).isEqualTo("120");
    assertThat(p.head().reason()).isEqualTo("Service Unavailable");
    assertThat(p.head().version()).isEqualTo("HTTP/1.1");
  }

  static ResponseParser parser(int bodyLimit) {
    return new ResponseParser(bodyLimit, ResponseParser.BodySink.NONE, h -> true);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
