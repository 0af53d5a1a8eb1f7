package downcheck.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
  static final List<String> FLAGS = List.of("allow-private-targets");

  @Test
  void flagsValuesAndPositionalsAreRead() {
    Options o = Options.parse(new String[] {"dev", "--region", "eu-west", "--http-port=9090", "--allow-private-targets"},
        Map.of(), FLAGS);
    assertThat(o.positional()).containsExactly("dev");
    assertThat(o.get("region", null)).isEqualTo("eu-west");
    assertThat(o.intValue("http-port", 8080)).isEqualTo(9090);
    assertThat(o.flag("allow-private-targets")).isTrue();
    assertThat(o.flag("other")).isFalse();
  }

  @Test
  void kafkaSettingsGoToTheClientsFromFlagsAndEnvironment() {
    Options o = Options.parse(new String[] {"--kafka.security.protocol=SASL_SSL"},
        Map.of("DOWNCHECK_KAFKA_SASL_MECHANISM", "PLAIN"), FLAGS);
    assertThat(o.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN");
  }

  @Test
  void theEnvironmentGivesEveryOptionAndTheCommandLineWins() {
    Map<String, String> env = Map.of("DOWNCHECK_AGENT_ID", "from-env", "DOWNCHECK_REGION", "us-east");
    Options o = Options.parse(new String[] {"--region", "eu-west"}, env, FLAGS);
    assertThat(o.get("agent-id", null)).isEqualTo("from-env");
    assertThat(o.get("region", null)).isEqualTo("eu-west");
  }

  @Test
  void anEmptyListIsEmpty() {
    Options o = Options.parse(new String[] {"--regions", ""}, Map.of(), FLAGS);
    assertThat(o.list("regions", List.of("a"))).isEmpty();
    assertThat(o.list("canaries", List.of("x"))).containsExactly("x");
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--region"}, Map.of(), FLAGS)).hasMessageContaining("--region");
    Options o = Options.parse(new String[] {"--http-port", "eighty"}, Map.of(), FLAGS);
    assertThatThrownBy(() -> o.intValue("http-port", 1)).hasMessageContaining("'eighty'");
    assertThatThrownBy(() -> o.require("kafka")).hasMessageContaining("--kafka").hasMessageContaining("DOWNCHECK_KAFKA");
  }
}
