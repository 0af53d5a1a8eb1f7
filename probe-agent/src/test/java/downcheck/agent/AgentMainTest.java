package downcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.runtime.settings.Commands;
import downcheck.runtime.settings.SettingsTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AgentMainTest {
  private final StringWriter err = new StringWriter();

  @Test
  void theOperationsPageListsEveryFlagAsDeclared() {
    assertThat(SettingsTable.check(Path.of("..", "docs", "operations.md"), new CommandLine(new AgentMain()))).isNull();
  }

  @Test
  void aRegionAndKafkaAreEnoughAndTheRestHasDefaults() {
    AgentConfig c = Commands.parse(new AgentMain(), Map.of(), "--kafka", "k:9092", "--region", "sa-east").config();
    assertThat(c.region()).isEqualTo("sa-east");
    assertThat(c.agentId()).startsWith("sa-east-");
    assertThat(c.canaries()).isEqualTo(AgentOptions.PUBLIC_CANARIES);
    assertThat(c.maxConcurrency()).isEqualTo(256);
    assertThat(c.probeLanes()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.httpPort()).isNull();
    assertThat(c.allowPrivateTargets()).isFalse();
    assertThat(c.kafka().topics().checks()).isEqualTo("downcheck.checks");
  }

  @Test
  void everySettingComesFromTheEnvironmentAsAContainerGivesIt() {
    Map<String, String> env = Map.of("DOWNCHECK_KAFKA", "broker:9092", "DOWNCHECK_REGION", "sa-east",
        "DOWNCHECK_HTTP_PORT", "9100", "DOWNCHECK_CANARIES", "http://a/,http://b/",
        "DOWNCHECK_KAFKA_SECURITY_PROTOCOL", "SSL", "DOWNCHECK_KAFKA_CLIENT_RACK", "r1");
    AgentConfig c = Commands.parse(new AgentMain(), env).config();
    assertThat(c.kafka().bootstrap()).isEqualTo("broker:9092");
    assertThat(c.region()).isEqualTo("sa-east");
    assertThat(c.httpPort()).isEqualTo(9100);
    assertThat(c.canaries()).containsExactly("http://a/", "http://b/");
    assertThat(c.kafka().producer("x")).containsEntry("security.protocol", "SSL").containsEntry("client.rack", "r1");
  }

  @Test
  void anEmptyCanaryListMeansNoCanariesNotTheDefaults() {
    AgentConfig c = Commands.parse(new AgentMain(), Map.of(), "--kafka", "k:9092", "--region", "x", "--canaries", "")
        .config();
    assertThat(c.canaries()).isEmpty();
  }

  @Test
  void aBadRegionIsOneLineAndExitTwo() {
    // the config is checked before anything starts
    int code = Commands.execute(new AgentMain(), new String[] {"--kafka", "k:9092", "--region", "EU West"}, Map.of(),
        new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--region: 'EU West' must be lower-case letters");
  }

  @Test
  void aMisspelledFlagIsRefusedNotIgnored() {
    int code = Commands.execute(new AgentMain(), new String[] {"--kafka", "k:9092", "--region", "x", "--alow-private-targets"},
        Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--alow-private-targets'");
  }

  @Test
  void helpIsGeneratedFromTheDeclarations() {
    StringWriter out = new StringWriter();
    CommandLine cl = Commands.prepare(new AgentMain(), Map.of(), new PrintWriter(err, true));
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("Usage: downcheck agent", "--region=NAME", "--http-port=N", "--canaries=URL",
        "--max-concurrency=N", "--kafka.<key>=<value>");
  }
}
