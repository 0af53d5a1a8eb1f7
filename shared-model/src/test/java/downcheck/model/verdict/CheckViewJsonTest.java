package downcheck.model.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.wire.Codec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON of a check is the API's contract (docs/api.md): a check is composed of its header and
 * its {@link Assessment}, but clients see one flat object with the same keys as ever.
 */
class CheckViewJsonTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private static final ProbeResult RESULT = new ProbeResult(Stamp.of("c-1", "eu-west-a1", "eu-west", T0.plusSeconds(5),
      null), ProbeOutcome.down(ErrorClass.CONNECT_TIMEOUT, new Timings(3L, null, null, null, 5000L), "203.0.113.7",
      "connect timed out"));

  private static CheckView view(boolean isFinal, boolean coalesced) {
    return new CheckView("c-1", "https://tiktok.com/", ProbeKind.HTTP, T0, T0.plusSeconds(12), coalesced,
        new Assessment(Verdict.REGIONAL_OUTAGE, isFinal, false, 0.8,
            "tiktok.com is down in eu-west (connection timed out) and up in 2 other regions",
            new Diagnosis(Cause.UNREACHABLE, "CONNECT_TIMEOUT in 1 of 3 regions"), new Quorum(3, 3, 3, 2),
            List.of(new RegionReport("eu-west", RegionStatus.DOWN, List.of(RESULT))),
            List.of(LocalIssue.agent("us-east-a2", "us-east", "3 of 3 canaries failed"))));
  }

  @Test
  void aCheckHasExactlyTheTopLevelKeysTheApiDocuments() throws Exception {
    JsonNode json = Codec.mapper().readTree(Codec.toJson(view(true, false)));
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("id", "target", "kind", "createdAt", "deadline", "final", "coalesced",
        "verdict", "justYou", "confidence", "summary", "diagnosis", "quorum", "regions", "localIssues");
  }

  @ParameterizedTest(name = "final={0}, coalesced=!final")
  @ValueSource(booleans = {true, false})
  void aCheckReadsBackEqualToWhatWasWritten(boolean isFinal) {
    CheckView view = view(isFinal, !isFinal);
    CheckView back = Codec.fromJson(Codec.toJson(view), CheckView.class);
    assertThat(back).isEqualTo(view);
    assertThat(back.isFinal()).isEqualTo(isFinal);
    assertThat(back.coalesced()).isEqualTo(!isFinal);
  }

  @Test
  void aCheckWrittenInTheDocumentedKeyOrderReadsBack() {
    // the order the API has always shown (and older coordinators wrote): "final" before "coalesced"
    String json = """
        {"id":"c-1","target":"https://tiktok.com/","kind":"http","createdAt":"2026-11-24T10:00:00Z",
         "deadline":"2026-11-24T10:00:12Z","final":true,"coalesced":true,"verdict":"UP","justYou":true,
         "confidence":1.0,"summary":"tiktok.com is up in all 1 regions","diagnosis":{"cause":"NONE","evidence":""},
         "quorum":{"expected":1,"reported":1,"usable":1,"required":1},
         "regions":[{"region":"eu-west","status":"UP","results":[]}],"localIssues":[],"addedLater":{"x":1}}
        """;
    CheckView view = Codec.fromJson(json, CheckView.class);
    assertThat(view.isFinal()).isTrue();
    assertThat(view.coalesced()).isTrue();
    assertThat(view.justYou()).isTrue();
    assertThat(view.verdict()).isEqualTo(Verdict.UP);
    assertThat(view.quorum()).isEqualTo(new Quorum(1, 1, 1, 1));
    assertThat(view.regions()).extracting(RegionReport::region).containsExactly("eu-west");
  }
}
