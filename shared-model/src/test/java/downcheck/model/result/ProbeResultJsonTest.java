package downcheck.model.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.wire.Codec;
import downcheck.model.wire.MalformedMessageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A result is composed of the agent's {@link Stamp} and the probe's {@link ProbeOutcome}, but on
 * {@code downcheck.results} and in the API it is one flat object with the same keys as ever:
 * results written by agents of before the split read back, and are written again unchanged.
 */
class ProbeResultJsonTest {
  /** As an agent wrote them before a result had halves: every key, in the order of that time. */
  private static final String DOWN = """
      {"schema":1,"checkId":"c-1","agentId":"eu-west-a1","region":"eu-west","outcome":"DOWN",
       "errorClass":"HTTP_5XX","httpStatus":503,"impaired":true,"impairedReason":"3 of 4 canaries failed",
       "timings":{"dnsMs":3,"connectMs":10,"tlsMs":20,"firstByteMs":40,"totalMs":50},"address":"203.0.113.7",
       "finishedAt":"2026-11-24T10:00:05Z","message":"503 Service Unavailable","finalUrl":"https://example.com/",
       "certDaysLeft":42,"retryAfter":"120","addresses":["203.0.113.7","2001:db8::7"]}
      """;
  private static final String REFUSED = """
      {"schema":1,"checkId":"c-2","agentId":"us-east-a2","region":"us-east","outcome":"ERROR",
       "errorClass":"TARGET_REFUSED","httpStatus":null,"impaired":false,"impairedReason":null,
       "timings":{"dnsMs":null,"connectMs":null,"tlsMs":null,"firstByteMs":null,"totalMs":0},"address":null,
       "finishedAt":"2026-11-24T10:00:01Z","message":"refused by policy: 10.0.0.5 is private","finalUrl":null,
       "certDaysLeft":null,"retryAfter":null,"addresses":[]}
      """;

  @ParameterizedTest(name = "{index}")
  @ValueSource(strings = {DOWN, REFUSED})
  void aResultReadsBackAndIsWrittenAgainWithTheSameFieldsAndValues(String json) throws Exception {
    ProbeResult result = Codec.fromJson(json, ProbeResult.class);
    JsonNode written = Codec.mapper().readTree(Codec.toJson(result));
    assertThat(written).isEqualTo(Codec.mapper().readTree(json));
    List<String> keys = new ArrayList<>();
    written.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("schema", "checkId", "agentId", "region", "outcome", "errorClass",
        "httpStatus", "impaired", "impairedReason", "timings", "address", "finishedAt", "message", "finalUrl",
        "certDaysLeft", "retryAfter", "addresses");
  }

  @Test
  void eachFieldLandsInItsHalfAndReadsThroughTheResult() {
    ProbeResult r = Codec.fromJson(DOWN, ProbeResult.class);
    assertThat(r.stamp()).isEqualTo(new Stamp(1, "c-1", "eu-west-a1", "eu-west",
        Instant.parse("2026-11-24T10:00:05Z"), true, "3 of 4 canaries failed"));
    assertThat(r.probe()).isEqualTo(ProbeOutcome.down(ErrorClass.HTTP_5XX, new Timings(3L, 10L, 20L, 40L, 50L),
        "203.0.113.7", "503 Service Unavailable").withHttpStatus(503).withFinalUrl("https://example.com/")
        .withCertDaysLeft(42).withRetryAfter("120").withAddresses(List.of("203.0.113.7", "2001:db8::7")));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.agentId()).isEqualTo("eu-west-a1");
    assertThat(r.retryAfter()).isEqualTo("120");
  }

  @Test
  void aResultThatBreaksTheRulesIsMalformedAndSaysWhose() {
    String downWithoutCause = DOWN.replace("\"errorClass\":\"HTTP_5XX\"", "\"errorClass\":null");
    assertThatThrownBy(() -> Codec.fromJson(downWithoutCause, ProbeResult.class))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("errorClass: a DOWN result needs one")
        .hasMessageContaining("c-1 from eu-west-a1");
    String noOutcome = REFUSED.replace("\"outcome\":\"ERROR\",", "");
    assertThatThrownBy(() -> Codec.fromJson(noOutcome, ProbeResult.class))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("outcome: missing in result of c-2");
    String noAgent = REFUSED.replace("\"agentId\":\"us-east-a2\",", "");
    assertThatThrownBy(() -> Codec.fromJson(noAgent, ProbeResult.class))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("agentId: missing in result of c-2");
  }
}
