package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.coordinator.store.RecentChecks;
import downcheck.model.check.PingOptions;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.TraceOptions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ping and trace fields of a check's body. */
class KindOptionsTest {
  @Test
  void aPingCheckTakesItsCount() {
    Submission s = Submission.parse("{\"target\":\"ping://example.com\",\"ping\":{\"count\":5}}");
    assertThat(s.target().kind()).isEqualTo(ProbeKind.PING);
    assertThat(s.options().ping()).isEqualTo(new PingOptions(5));
    assertThat(s.asking(List.of("eu-west")).options().ping().count()).isEqualTo(5);
  }

  @Test
  void aPingCheckWithoutOptionsSendsThree() {
    assertThat(Submission.parse("{\"target\":\"ping://example.com\"}").options().ping().count()).isEqualTo(3);
  }

  @Test
  void aTraceCheckTakesProtocolAndHops() {
    Submission s = Submission.parse("{\"target\":\"trace://example.com:443\",\"trace\":{\"protocol\":\"TCP\",\"maxHops\":12}}");
    assertThat(s.options().trace()).isEqualTo(new TraceOptions("tcp", 12));
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        argumentSet("count zero", "{\"target\":\"ping://x.example\",\"ping\":{\"count\":0}}", "ping.count"),
        argumentSet("count above 10", "{\"target\":\"ping://x.example\",\"ping\":{\"count\":11}}", "ping.count"),
        argumentSet("count not whole", "{\"target\":\"ping://x.example\",\"ping\":{\"count\":\"3\"}}", "ping.count"),
        argumentSet("ping not an object", "{\"target\":\"ping://x.example\",\"ping\":3}", "ping"),
        argumentSet("an unknown ping field", "{\"target\":\"ping://x.example\",\"ping\":{\"size\":64}}", "ping.size"),
        argumentSet("ping options on an http check", "{\"target\":\"https://x.example\",\"ping\":{\"count\":3}}", "ping"),
        argumentSet("udp trace", "{\"target\":\"trace://x.example\",\"trace\":{\"protocol\":\"udp\"}}", "trace.protocol"),
        argumentSet("no hops", "{\"target\":\"trace://x.example\",\"trace\":{\"maxHops\":0}}", "trace.maxHops"),
        argumentSet("31 hops", "{\"target\":\"trace://x.example\",\"trace\":{\"maxHops\":31}}", "trace.maxHops"),
        argumentSet("trace options on a ping check", "{\"target\":\"ping://x.example\",\"trace\":{}}", "trace"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void aBadFieldIsNamed(String body, String field) {
    assertThatThrownBy(() -> Submission.parse(body))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly(field));
  }

  @Test
  void differentOptionsAreDifferentQuestions() {
    String three = key("{\"target\":\"ping://example.com\"}");
    assertThat(key("{\"target\":\"ping://example.com\",\"ping\":{\"count\":3}}")).isEqualTo(three);
    assertThat(key("{\"target\":\"ping://example.com\",\"ping\":{\"count\":10}}")).isNotEqualTo(three);
    String icmp = key("{\"target\":\"trace://example.com\"}");
    assertThat(key("{\"target\":\"trace://example.com\",\"trace\":{\"protocol\":\"tcp\"}}")).isNotEqualTo(icmp);
    assertThat(key("{\"target\":\"trace://example.com\",\"trace\":{\"maxHops\":5}}")).isNotEqualTo(icmp);
  }

  private static String key(String body) {
    Question q = Submission.parse(body).asking(List.of("eu-west"));
    return RecentChecks.key(q.target(), q.regions(), q.expect(), q.timeoutMs(), q.options());
  }
}
