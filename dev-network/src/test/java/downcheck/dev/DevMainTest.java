package downcheck.dev;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.runtime.settings.Commands;
import downcheck.runtime.settings.SettingsTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DevMainTest {
  private final StringWriter err = new StringWriter();

  @Test
  void theOperationsPageListsEveryFlagAsDeclared() {
    assertThat(SettingsTable.check(Path.of("..", "docs", "operations.md"), new CommandLine(new DevMain()))).isNull();
  }

  @Test
  void devTakesTheCoordinatorsAndTheAgentsFlags() {
    DevMain dev = Commands.parse(new DevMain(), Map.of(), "--http-port", "9090", "--allow-private-targets",
        "--regions", "a,b", "--target-checks-per-minute", "0");
    assertThat(dev.regions).containsExactly("a", "b");
    assertThat(dev.coordinator.config(dev.kafka.settings("k:1"), dev.policy.allowPrivateTargets()).httpPort())
        .isEqualTo(9090);
    assertThat(dev.policy.allowPrivateTargets()).as("one flag for the coordinator and the agents").isTrue();
  }

  @Test
  void anEmptyRegionListStartsNoAgent() {
    assertThat(Commands.parse(new DevMain(), Map.of(), "--regions", "").regionNames()).isEmpty();
    assertThat(Commands.parse(new DevMain(), Map.of()).regionNames()).containsExactly("eu-west", "us-east", "ap-south");
    assertThat(Commands.parse(new DevMain(), Map.of("DOWNCHECK_REGIONS", "a, b")).regionNames()).containsExactly("a", "b");
  }

  @Test
  void withoutAgentsTheLanesNeedNoDivision() {
    assertThat(DevNetwork.lanesPerAgent(2, 0)).as("--regions \"\": a broker and a coordinator, agents elsewhere")
        .isEqualTo(2);
    assertThat(DevNetwork.lanesPerAgent(2, 3)).isEqualTo(1);
    assertThat(DevNetwork.lanesPerAgent(8, 3)).isEqualTo(2);
  }

  @Test
  void aTypoIsRefusedInsteadOfStartingAsIfNothingWereWrong() {
    int code = Commands.execute(new DevMain(), new String[] {"--bogus-flag", "1"}, Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("downcheck dev: Unknown option").contains("'--bogus-flag'").doesNotContain("Exception");
  }

  @Test
  void aBrokerAddressWithoutPortIsRefused() {
    int code = Commands.execute(new DevMain(), new String[] {"--embedded-kafka", "localhost"}, Map.of(),
        new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--embedded-kafka: 'localhost' is not HOST:PORT");
  }
}
