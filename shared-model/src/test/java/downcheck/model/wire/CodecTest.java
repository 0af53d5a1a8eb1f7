package downcheck.model.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.agent.Heartbeat;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.Cause;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Diagnosis;
import downcheck.model.verdict.LocalIssue;
import downcheck.model.verdict.Quorum;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.verdict.VerdictEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON of the records: what goes out comes back, unknown fields pass, garbage is typed. */
class CodecTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private static final ProbeResult RESULT = new ProbeResult(Stamp.of("c-1", "eu-west-a1", "eu-west", T0.plusSeconds(5),
      null), ProbeOutcome.down(ErrorClass.HTTP_5XX, new Timings(3L, 10L, 20L, 40L, 50L), "203.0.113.7",
      "503 Service Unavailable").withHttpStatus(503).withFinalUrl("https://example.com/").withCertDaysLeft(42)
      .withRetryAfter("120").withAddresses(List.of("203.0.113.7", "2001:db8::7")));

  private static final CheckView VIEW = new CheckView("c-1", "https://example.com/", ProbeKind.HTTP, T0,
      T0.plusSeconds(12), false, new Assessment(Verdict.REGIONAL_OUTAGE, true, false, 0.8,
      "example.com is down in eu-west (HTTP 503 for maintenance) and up in 2 other regions",
      new Diagnosis(Cause.MAINTENANCE, "HTTP_5XX 503 with Retry-After in 1 of 3 regions"), new Quorum(3, 3, 3, 2),
      List.of(new RegionReport("eu-west", RegionStatus.DOWN, List.of(RESULT))),
      List.of(LocalIssue.agent("us-east-a2", "us-east", "3 of 3 canaries failed"), LocalIssue.client("timed out"))));

  @Test
  void probeResultRoundTrips() {
    assertThat(Codec.fromJson(Codec.toJson(RESULT), ProbeResult.class)).isEqualTo(RESULT);
    assertThat(Codec.fromBytes(Codec.toBytes(RESULT), ProbeResult.class)).isEqualTo(RESULT);
  }

  @Test
  void checkRequestRoundTripsWithTheKindInLowerCase() throws Exception {
    CheckRequest req = new CheckRequest(1, "c-1", "https://example.com/", ProbeKind.HTTP, List.of("eu-west"), 10000,
        new Expect(List.of(200, 301), "ok"), T0, T0.plusSeconds(12));
    String json = Codec.toJson(req);
    assertThat(Codec.mapper().readTree(json).get("kind").asText()).isEqualTo("http");
    assertThat(Codec.fromJson(json, CheckRequest.class)).isEqualTo(req);
  }

  @Test
  void heartbeatRoundTrips() {
    Heartbeat hb = new Heartbeat(1, "eu-west-a1", "eu-west", "0.1.0", AgentStatus.IMPAIRED, new CanaryCounts(1, 2),
        "2 of 3 canaries failed", T0, 5000);
    assertThat(Codec.fromJson(Codec.toJson(hb), Heartbeat.class)).isEqualTo(hb);
  }

  @Test
  void checkViewCarriesFinalAsTheJsonFieldFinal() throws Exception {
    JsonNode json = Codec.mapper().readTree(Codec.toJson(VIEW));
    assertThat(json.get("final").asBoolean()).isTrue();
    assertThat(json.has("isFinal")).isFalse();
    assertThat(json.get("createdAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
    assertThat(Codec.fromJson(json.toString(), CheckView.class)).isEqualTo(VIEW);
  }

  @Test
  void verdictEventRoundTripsWithItsTriggerAndFinal() throws Exception {
    VerdictEvent ev = new VerdictEvent(0, VIEW, RESULT);
    String json = Codec.toJson(ev);
    assertThat(Codec.mapper().readTree(json).at("/check/final").asBoolean()).isTrue();
    assertThat(Codec.mapper().readTree(json).get("schema").asInt()).isEqualTo(Schema.VERSION);
    assertThat(Codec.fromJson(json, VerdictEvent.class)).isEqualTo(ev);
  }

  @Test
  void unknownFieldsAreIgnored() {
    String json = Codec.toJson(RESULT).replaceFirst("\\{", "{\"addedInV2\":{\"x\":[1,2]},\"colour\":\"blue\",");
    assertThat(Codec.fromJson(json, ProbeResult.class)).isEqualTo(RESULT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "not json", "[1,2]", "{\"checkId\":\"c-1\",\"region\":\"eu-west\",\"outcome\":\"UP\"}",
      "{\"checkId\":\"c-1\",\"agentId\":\"a\",\"region\":\"r\",\"outcome\":\"SIDEWAYS\"}"})
  void malformedJsonIsAMalformedMessage(String json) {
    assertThatThrownBy(() -> Codec.fromJson(json, ProbeResult.class))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith("ProbeResult: ");
  }

  @Test
  void aRecordRuleBrokenOnTheWireIsAMalformedMessageThatSaysWhich() {
    assertThatThrownBy(() -> Codec.fromJson("{\"checkId\":\"c-1\",\"region\":\"eu-west\",\"outcome\":\"UP\"}", ProbeResult.class))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("agentId: missing in result of c-1");
  }

  @Test
  void nullBytesAreAMalformedMessage() {
    assertThatThrownBy(() -> Codec.fromBytes(null, Heartbeat.class)).isInstanceOf(MalformedMessageException.class);
  }
}
