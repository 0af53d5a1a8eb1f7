package downcheck.model.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.wire.Codec;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A monitor's state travels on the compacted {@code downcheck.monitors} and a coordinator
 * rebuilds from it after a full restart: the records already there must still decode, and a
 * state is written with the same flat keys it always had, whatever its groups are in Java.
 */
class MonitorStatusJsonTest {
  /** As a coordinator wrote it before the state was grouped: an outage, a streak towards another, a run in flight. */
  static final String OUTAGE = """
      {"state":"GLOBAL_OUTAGE","since":"2026-11-25T10:02:00Z","condition":"GLOBAL_OUTAGE","alerted":true,
       "candidate":"REGIONAL_OUTAGE","streak":1,"streakFrom":"2026-11-25T10:04:00Z","streakDown":["eu-west"],
       "lastCheck":{"id":"c-run4","verdict":"REGIONAL_OUTAGE","final":true,"at":"2026-11-25T10:04:00Z",
         "summary":"run 4 REGIONAL_OUTAGE"},
       "inFlight":"c-run5","nextRunAt":"2026-11-25T10:04:00Z","seq":1,
       "incidents":[{"id":"i-run3","kind":"GLOBAL_OUTAGE","startedAt":"2026-11-25T10:02:00Z","endedAt":null,
         "regions":["eu-west","us-east"],"cause":"REFUSED","summary":"run 3 GLOBAL_OUTAGE"}],
       "uptime":{"buckets":[{"hour":498778,"up":2.5,"runs":5}]},
       "outbox":[{"seq":1,"event":"monitor.down","from":"UP","to":"GLOBAL_OUTAGE",
         "incident":{"id":"i-run3","kind":"GLOBAL_OUTAGE","startedAt":"2026-11-25T10:02:00Z","endedAt":null,
           "regions":["eu-west","us-east"],"cause":"REFUSED","summary":"run 3 GLOBAL_OUTAGE"},
         "check":{"id":"c-run3","verdict":"GLOBAL_OUTAGE","final":true,"at":"2026-11-25T10:03:00Z",
           "summary":"run 3 GLOBAL_OUTAGE"},"at":"2026-11-25T10:02:00Z"}],
       "ended":false}""";

  /** A new monitor as written before: every optional part empty or null. */
  static final String FRESH = """
      {"state":"PENDING","since":"2026-11-25T10:00:00Z","condition":"PENDING","alerted":false,"candidate":null,
       "streak":0,"streakFrom":null,"streakDown":[],"lastCheck":null,"inFlight":null,
       "nextRunAt":"2026-11-25T10:00:00Z","seq":0,"incidents":[],"uptime":{"buckets":[]},"outbox":[],"ended":false}""";

  static Stream<Arguments> written() {
    return Stream.of(argumentSet("an outage with a streak and a run in flight", OUTAGE), argumentSet("a new monitor", FRESH));
  }

  @ParameterizedTest
  @MethodSource("written")
  void aStateWrittenBeforeReadsBackAndIsWrittenWithTheSameKeysAndValues(String json) throws Exception {
    MonitorStatus status = Codec.fromJson(json, MonitorStatus.class);
    assertThat(withoutDays(Codec.mapper().readTree(Codec.toJson(status)))).isEqualTo(Codec.mapper().readTree(json));
  }

  /** The daily uptime buckets came later: made from the hourly ones (UptimeDaysTest), every other key as it was. */
  private static JsonNode withoutDays(JsonNode written) {
    JsonNode state = written.has("state") && written.get("state").isObject() ? written.get("state") : written;
    ((com.fasterxml.jackson.databind.node.ObjectNode) state.get("uptime")).remove("days");
    return written;
  }

  @Test
  void eachGroupIsReadFromItsFlatKeys() {
    MonitorStatus s = Codec.fromJson(OUTAGE, MonitorStatus.class);
    assertThat(s.confirmed()).isEqualTo(new MonitorStatus.Confirmed(MonitorState.GLOBAL_OUTAGE,
        Instant.parse("2026-11-25T10:02:00Z"), MonitorState.GLOBAL_OUTAGE, true));
    assertThat(s.pending()).isEqualTo(new MonitorStatus.Streak(MonitorState.REGIONAL_OUTAGE, 1,
        Instant.parse("2026-11-25T10:04:00Z"), java.util.List.of("eu-west")));
    assertThat(s.schedule()).isEqualTo(new MonitorStatus.Schedule("c-run5", Instant.parse("2026-11-25T10:04:00Z")));
    assertThat(s.changes().seq()).isEqualTo(1);
    assertThat(s.changes().incidents()).extracting(Incident::id).containsExactly("i-run3");
    assertThat(s.changes().outbox()).extracting(Change::event).containsExactly("monitor.down");
    assertThat(s.lastCheck().id()).isEqualTo("c-run4");
    assertThat(s.uptime().buckets()).hasSize(1);
  }

  @Test
  void aStateInAMonitorsTopicRecordReadsBack() throws Exception {
    String record = "{\"v\":1,\"id\":\"m-abc\",\"state\":" + OUTAGE + "}";
    MonitorMessage message = Codec.fromJson(record, MonitorMessage.class);
    assertThat(message.state().state()).isEqualTo(MonitorState.GLOBAL_OUTAGE);
    assertThat(withoutDays(Codec.mapper().readTree(Codec.toJson(message)))).isEqualTo(Codec.mapper().readTree(record));
  }

  @Test
  void theKeysAreFlatWithNoGroupNames() throws Exception {
    JsonNode json = Codec.mapper().readTree(Codec.toJson(MonitorStatus.fresh(Instant.parse("2026-11-25T10:00:00Z"))));
    assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("state", "since", "condition", "alerted",
        "candidate", "streak", "streakFrom", "streakDown", "lastCheck", "inFlight", "nextRunAt", "seq", "incidents",
        "uptime", "outbox", "ended");
  }
}
