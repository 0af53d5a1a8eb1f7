package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.model.check.HeaderMatch;
import downcheck.model.check.JsonMatch;
import downcheck.model.check.RequestShape;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shaped request and the richer expectations of a check body: each field read, each bad one named. */
class RequestInputTest {

  @Test
  void aShapedRequestAndEveryExpectationAreRead() {
    Submission s = Submission.parse("""
        {"target":"https://api.example.com/health","method":"POST",
         "headers":{"Authorization":"Bearer abc","Content-Type":"application/json"},"body":"{\\"q\\":1}",
         "expect":{"status":[200],"bodyContains":"ok","bodyNotContains":"error","bodyMatches":"^\\\\{.*\\\\}$",
           "headers":[{"name":"Content-Type","matches":"json"},{"name":"X-Version"}],
           "json":[{"pointer":"/status","equals":"ok"},{"pointer":"/n","equals":2},{"pointer":"/gone","equals":null}]}}""");
    assertThat(s.request().method()).isEqualTo("POST");
    assertThat(s.request().headers()).containsExactly(java.util.Map.entry("Authorization", "Bearer abc"),
        java.util.Map.entry("Content-Type", "application/json"));
    assertThat(s.request().body()).isEqualTo("{\"q\":1}");
    assertThat(s.expect().bodyContains()).isEqualTo("ok");
    assertThat(s.expect().bodyNotContains()).isEqualTo("error");
    assertThat(s.expect().bodyMatches()).isEqualTo("^\\{.*\\}$");
    assertThat(s.expect().headers()).containsExactly(new HeaderMatch("Content-Type", "json"),
        new HeaderMatch("X-Version", null));
    assertThat(s.expect().json()).containsExactly(new JsonMatch("/status", "ok"), new JsonMatch("/n", 2),
        new JsonMatch("/gone", null));
  }

  @Test
  void withoutShapeACheckSendsThePlainGet() {
    assertThat(Submission.parse("{\"target\":\"example.com\"}").request()).isEqualTo(RequestShape.DEFAULT);
    assertThat(Submission.parse("{\"target\":\"example.com\",\"method\":\"GET\",\"headers\":{}}").request())
        .isEqualTo(RequestShape.DEFAULT);
  }

  static String check(String fields) {
    return "{\"target\":\"https://example.com/\"," + fields + "}";
  }

  static String manyHeaders(int n, int valueLength) {
    StringBuilder b = new StringBuilder("\"headers\":{");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("\"X-H").append(i).append("\":\"").append("v".repeat(valueLength)).append('"');
    }
    return b.append('}').toString();
  }

  static Stream<Arguments> badFields() {
    return Stream.of(
        argumentSet("unknown method", check("\"method\":\"TRACE\""), "method"),
        argumentSet("method in lower case", check("\"method\":\"post\""), "method"),
        argumentSet("headers not an object", check("\"headers\":[\"X-A: 1\"]"), "headers"),
        argumentSet("21 headers", check(manyHeaders(21, 1)), "headers"),
        argumentSet("over 8 KiB of headers", check(manyHeaders(10, 900)), "headers"),
        argumentSet("a name that is no token", check("\"headers\":{\"X Foo\":\"1\"}"), "headers.X Foo"),
        argumentSet("CR LF in a value", check("\"headers\":{\"X-Foo\":\"1\\r\\nX-Bar: 2\"}"), "headers.X-Foo"),
        argumentSet("a value not a string", check("\"headers\":{\"X-Foo\":1}"), "headers.X-Foo"),
        argumentSet("Host", check("\"headers\":{\"Host\":\"other.example\"}"), "headers.Host"),
        argumentSet("Content-Length", check("\"method\":\"POST\",\"headers\":{\"content-length\":\"1\"}"),
            "headers.content-length"),
        argumentSet("Connection", check("\"headers\":{\"Connection\":\"keep-alive\"}"), "headers.Connection"),
        argumentSet("Proxy-Authorization", check("\"headers\":{\"Proxy-Authorization\":\"x\"}"),
            "headers.Proxy-Authorization"),
        argumentSet("Transfer-Encoding", check("\"headers\":{\"Transfer-Encoding\":\"chunked\"}"),
            "headers.Transfer-Encoding"),
        argumentSet("a name twice", check("\"headers\":{\"X-A\":\"1\",\"x-a\":\"2\"}"), "headers.x-a"),
        argumentSet("a body with GET", check("\"body\":\"x\""), "body"),
        argumentSet("a body over 8 KiB", check("\"method\":\"POST\",\"body\":\"" + "é".repeat(4097) + "\""), "body"),
        argumentSet("a body not a string", check("\"method\":\"POST\",\"body\":{\"q\":1}"), "body"),
        argumentSet("a method on a tcp check", "{\"target\":\"tcp://example.com:22\",\"method\":\"POST\"}", "method"),
        argumentSet("a body to look at in a HEAD answer", check("\"method\":\"HEAD\",\"expect\":{\"bodyContains\":\"ok\"}"),
            "expect.bodyContains"),
        argumentSet("bodyNotContains empty", check("\"expect\":{\"bodyNotContains\":\"\"}"), "expect.bodyNotContains"),
        argumentSet("bodyMatches not RE2", check("\"expect\":{\"bodyMatches\":\"(a\"}"), "expect.bodyMatches"),
        argumentSet("bodyMatches with a backreference", check("\"expect\":{\"bodyMatches\":\"(a)\\\\1\"}"),
            "expect.bodyMatches"),
        argumentSet("bodyMatches over 1 KiB", check("\"expect\":{\"bodyMatches\":\"" + "a".repeat(1025) + "\"}"),
            "expect.bodyMatches"),
        argumentSet("an unknown expectation", check("\"expect\":{\"bodyContain\":\"ok\"}"), "expect.bodyContain"),
        argumentSet("expect.headers not an array", check("\"expect\":{\"headers\":{\"name\":\"X\"}}"), "expect.headers"),
        argumentSet("a header match without name", check("\"expect\":{\"headers\":[{\"matches\":\"x\"}]}"),
            "expect.headers[0].name"),
        argumentSet("a header match's bad pattern", check("\"expect\":{\"headers\":[{\"name\":\"X\",\"matches\":\"[\"}]}"),
            "expect.headers[0].matches"),
        argumentSet("21 header matches", check("\"expect\":{\"headers\":[" + "{\"name\":\"X\"},".repeat(20)
            + "{\"name\":\"X\"}]}"), "expect.headers"),
        argumentSet("a pointer without slash", check("\"expect\":{\"json\":[{\"pointer\":\"status\",\"equals\":1}]}"),
            "expect.json[0].pointer"),
        argumentSet("a pointer's bad escape", check("\"expect\":{\"json\":[{\"pointer\":\"/a~2\",\"equals\":1}]}"),
            "expect.json[0].pointer"),
        argumentSet("equals missing", check("\"expect\":{\"json\":[{\"pointer\":\"/a\"}]}"), "expect.json[0].equals"),
        argumentSet("equals an object", check("\"expect\":{\"json\":[{\"pointer\":\"/a\",\"equals\":{}}]}"),
            "expect.json[0].equals"),
        argumentSet("an unknown field of a json match",
            check("\"expect\":{\"json\":[{\"pointer\":\"/a\",\"equals\":1,\"eq\":2}]}"), "expect.json[0].eq"));
  }

  @ParameterizedTest
  @MethodSource("badFields")
  void aBadFieldIsNamed(String body, String field) {
    assertThatThrownBy(() -> Submission.parse(body))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).contains(field));
  }

  @Test
  void aBadHeaderValueIsNeverQuotedBack() {
    assertThatThrownBy(() -> Submission.parse(check("\"headers\":{\"Authorization\":\"Bearer s3cret\\n\"}")))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errors()).allSatisfy(f -> assertThat(f.message()).doesNotContain("s3cret")));
  }

  @Test
  void everyMethodOfTheContractIsTaken() {
    for (String m : RequestInput.METHODS) {
      assertThat(Submission.parse(check("\"method\":\"" + m + "\"")).request().method()).isEqualTo(m);
    }
  }

  @Test
  void readsShowHeaderValuesOnlyOfTheHarmlessHeadersAndNeverTheBody() {
    RequestShape shown = Submission.parse(check("\"method\":\"POST\",\"headers\":{\"Authorization\":\"Bearer s\","
        + "\"X-Api-Key\":\"k\",\"Accept\":\"application/json\",\"Cookie\":\"c=1\"},\"body\":\"pw=1\"")).request().shown();
    assertThat(shown.headers()).containsExactly(java.util.Map.entry("Authorization", "…"),
        java.util.Map.entry("X-Api-Key", "…"), java.util.Map.entry("Accept", "application/json"),
        java.util.Map.entry("Cookie", "…"));
    assertThat(shown.body()).isEqualTo("…");
  }
}
