package downcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.verdict.Verdict;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EndingTest {
  @ParameterizedTest(name = "{0} exits {1}")
  @CsvSource({
      "UP,                      0",
      "DEGRADED,                0",
      "REGIONAL_OUTAGE,         1",
      "GLOBAL_OUTAGE,           1",
      "BAD_USAGE,               2",
      "REFUSED,                 2",
      "INCONCLUSIVE,            3",
      "NO_VERDICT,              3",
      "NO_COORDINATOR,          3",
      "COORDINATOR_UNAVAILABLE, 3",
      "BAD_ANSWER,              3",
      "CLI_ERROR,               3",
  })
  void exitCodeTellsTheVerdict(Ending ending, int code) {
    assertThat(ending.exitCode()).isEqualTo(code);
  }

  @Test
  void theTableAboveCoversEveryEnding() {
    assertThat(Ending.values()).hasSize(12);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Verdict.class)
  void everyVerdictEndsWithTheSameName(Verdict verdict) {
    Ending ending = Ending.of(verdict);
    assertThat(ending.name()).isEqualTo(verdict == Verdict.PENDING ? "NO_VERDICT" : verdict.name());
  }

  @ParameterizedTest(name = "HTTP {0} is {1}")
  @CsvSource({
      "400, REFUSED",                  // bad target, unknown region
      "401, REFUSED",                  // missing API key: the user must fix something
      "404, REFUSED",                  // --server is not a coordinator's API
      "413, REFUSED",
      "429, COORDINATOR_UNAVAILABLE",  // rate limited: try again later, as for a 503
      "500, COORDINATOR_UNAVAILABLE",
      "503, COORDINATOR_UNAVAILABLE",  // no live region, no Kafka, shedding load
  })
  void errorStatusSaysWhoseFaultItIs(int status, Ending ending) {
    assertThat(Ending.ofStatus(status)).isEqualTo(ending);
  }

  @Test
  void helpListsEachExitCodeOnce() {
    assertThat(Ending.HELP).containsOnlyKeys(
        Arrays.stream(Ending.values()).map(e -> Integer.toString(e.exitCode())).distinct().toList());
  }
}
