package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.model.check.ProbeKind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubmissionTest {

  @Test
  void aBareHostIsAnHttpsCheckWithTheDefaults() {
    Submission s = Submission.parse("{\"target\":\"Example.COM\"}");
    assertThat(s.target().kind()).isEqualTo(ProbeKind.HTTP);
    assertThat(s.target().normalized()).isEqualTo("https://example.com/");
    assertThat(s.timeoutMs()).isEqualTo(Submission.DEFAULT_TIMEOUT_MS);
    assertThat(s.slowMs()).isEqualTo(Submission.DEFAULT_SLOW_MS);
    assertThat(s.regions()).isEmpty();
    assertThat(s.client()).isNull();
    assertThat(s.fresh()).isFalse();
  }

  @Test
  void everyFieldIsRead() {
    Submission s = Submission.parse("""
        {"target":"http://example.com/x","kind":"http","regions":["eu-west","us-east","eu-west"],"timeoutMs":5000,
         "slowMs":300,"expect":{"status":[200,204],"bodyContains":"ok"},"client":{"reachable":false,"error":"timed out"},
         "fresh":true}""");
    assertThat(s.regions()).containsExactly("eu-west", "us-east");
    assertThat(s.timeoutMs()).isEqualTo(5000);
    assertThat(s.slowMs()).isEqualTo(300);
    assertThat(s.expect().status()).containsExactly(200, 204);
    assertThat(s.expect().bodyContains()).isEqualTo("ok");
    assertThat(s.client().saysUnreachable()).isTrue();
    assertThat(s.fresh()).isTrue();
  }

  @Test
  void everyBadFieldIsNamedAtOnce() {
    assertThatThrownBy(() -> Submission.parse("{\"target\":\"ftp://x\",\"timeoutMs\":1,\"slowMs\":-1,\"fresh\":1}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
            .extracting(FieldError::field).containsExactlyInAnyOrder("target", "timeoutMs", "slowMs", "fresh"));
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        argumentSet("empty body", "", "body"),
        argumentSet("not JSON", "{target:", "body"),
        argumentSet("an array", "[]", "body"),
        argumentSet("no target", "{}", "target"),
        argumentSet("target not a string", "{\"target\":42}", "target"),
        argumentSet("unknown scheme", "{\"target\":\"gopher://x\"}", "target"),
        argumentSet("tcp without port", "{\"target\":\"tcp://x\"}", "target"),
        argumentSet("kind disagrees with target", "{\"target\":\"tcp://x:1\",\"kind\":\"dns\"}", "target"),
        argumentSet("unknown kind", "{\"target\":\"x\",\"kind\":\"icmp\"}", "kind"),
        argumentSet("regions not an array", "{\"target\":\"x\",\"regions\":\"eu-west\"}", "regions"),
        argumentSet("a region with capitals", "{\"target\":\"x\",\"regions\":[\"EU\"]}", "regions"),
        argumentSet("timeout below 100", "{\"target\":\"x\",\"timeoutMs\":99}", "timeoutMs"),
        argumentSet("timeout above 30000", "{\"target\":\"x\",\"timeoutMs\":30001}", "timeoutMs"),
        argumentSet("timeout not whole", "{\"target\":\"x\",\"timeoutMs\":1.5}", "timeoutMs"),
        argumentSet("slowMs zero", "{\"target\":\"x\",\"slowMs\":0}", "slowMs"),
        argumentSet("expect not an object", "{\"target\":\"x\",\"expect\":200}", "expect"),
        argumentSet("expect status out of range", "{\"target\":\"x\",\"expect\":{\"status\":[99]}}", "expect.status"),
        argumentSet("expect body empty", "{\"target\":\"x\",\"expect\":{\"bodyContains\":\"\"}}", "expect.bodyContains"),
        argumentSet("expect on a tcp check", "{\"target\":\"tcp://x:1\",\"expect\":{\"status\":[200]}}", "expect"),
        argumentSet("client not an object", "{\"target\":\"x\",\"client\":false}", "client"),
        argumentSet("client.reachable not boolean", "{\"target\":\"x\",\"client\":{\"reachable\":\"no\"}}", "client.reachable"),
        argumentSet("client.error too long", "{\"target\":\"x\",\"client\":{\"error\":\"" + "e".repeat(1025) + "\"}}", "client.error"),
        argumentSet("fresh not boolean", "{\"target\":\"x\",\"fresh\":\"yes\"}", "fresh"),
        argumentSet("an unknown field", "{\"target\":\"x\",\"tiemoutMs\":100}", "tiemoutMs"),
        argumentSet("ipVersion 5", "{\"target\":\"x\",\"ipVersion\":5}", "ipVersion"),
        argumentSet("ipVersion as text", "{\"target\":\"x\",\"ipVersion\":\"6\"}", "ipVersion"),
        argumentSet("ipVersion 6 of an IPv4 address", "{\"target\":\"8.8.8.8\",\"ipVersion\":6}", "ipVersion"),
        argumentSet("ipVersion 4 of an IPv6 address",
            "{\"target\":\"https://[2001:4860:4860::8888]/\",\"ipVersion\":4}", "ipVersion"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void aBadBodyIsRejectedNamingTheField(String body, String field) {
    assertThatThrownBy(() -> Submission.parse(body))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).contains(field));
  }

  @Test
  void ipVersionGoesIntoTheCheckOptionsAndIsAbsentByDefault() {
    assertThat(Submission.parse("{\"target\":\"example.com\",\"ipVersion\":6}").options().ipVersion()).isEqualTo(6);
    assertThat(Submission.parse("{\"target\":\"tcp://8.8.8.8:53\",\"ipVersion\":4}").options().ipVersion())
        .isEqualTo(4);
    assertThat(Submission.parse("{\"target\":\"example.com\"}").options().ipVersion()).isNull();
    assertThatThrownBy(() -> Submission.parse("{\"target\":\"x\",\"ipVersion\":5}"))
        .hasMessageContaining("ipVersion").hasMessageContaining("must be 4 or 6");
  }

  @Test
  void aRejectedValueIsQuoted() {
    assertThatThrownBy(() -> Submission.parse("{\"target\":\"x\",\"timeoutMs\":12345678}"))
        .hasMessageContaining("12345678");
  }
}
