package downcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.result.Hop;
import downcheck.model.result.PingStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --count}, {@code --protocol}, {@code --max-hops} go into the check's body; ping stats and hops read as lines. */
class PingTraceOptionsTest {
  private static Map<String, Object> body(String... args) {
    CheckCommand command = new CheckCommand();
    CheckCommand.commandLine(command).parseArgs(args);
    return command.request();
  }

  @Test
  void countGoesInThePingOptions() {
    Map<String, Object> body = body("ping://example.com", "--count", "5");
    assertThat(body).containsEntry("target", "ping://example.com").containsEntry("ping", Map.of("count", 5))
        .doesNotContainKeys("client", "trace");
  }

  @Test
  void protocolAndHopsGoInTheTraceOptions() {
    Map<String, Object> body = body("trace://example.com:443", "--protocol", "tcp", "--max-hops", "12");
    assertThat(body).containsEntry("trace", Map.of("protocol", "tcp", "maxHops", 12)).doesNotContainKeys("ping", "client");
  }

  @Test
  void pingStatsAndHopsReadAsOneLineEach() {
    assertThat(HumanOutput.ping(new PingStats(3, 2, 0.333, 0.07, 0.09, 0.12, 0.02)))
        .isEqualTo("2/3 echo replies, 33% loss, rtt min/avg/max 0.07/0.09/0.12 ms");
    assertThat(HumanOutput.ping(new PingStats(3, 0, 1.0, null, null, null, null))).isEqualTo("0/3 echo replies, 100% loss");
    assertThat(HumanOutput.hop(new Hop(2, "198.51.100.1", "core1.example.net", 4.1, 0.333)))
        .isEqualTo(" 2  198.51.100.1  core1.example.net  4.1 ms  33% loss");
    assertThat(HumanOutput.hop(new Hop(3, null, null, null, 1.0))).isEqualTo(" 3  *  100% loss");
  }
}
