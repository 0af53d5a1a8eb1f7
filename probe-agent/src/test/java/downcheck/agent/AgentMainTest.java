package downcheck.agent;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.runtime.settings.Commands;
import downcheck.runtime.settings.SettingsTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import downcheck.model.agent.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

  @Test
  void anAgentStatesWhereItStandsAndSaysNothingWhenNotTold() {
    AgentConfig c = Commands.parse(new AgentMain(), Map.of(), "--kafka", "k:9092", "--region", "eu-central",
        "--country", "de", "--city", "Frankfurt am Main", "--provider", "hetzner", "--asn", "24940",
        "--tags", "datacenter, ipv6").config();
    assertThat(c.location()).isEqualTo(new Location("DE", "Frankfurt am Main", "hetzner", 24940L,
        List.of("datacenter", "ipv6")));
    assertThat(Commands.parse(new AgentMain(), Map.of(), "--kafka", "k:9092", "--region", "x").config().location())
        .isEqualTo(Location.UNKNOWN);
  }

  @Test
  void aPlaceComesFromTheEnvironmentAsAContainerGivesIt() {
    Map<String, String> env = Map.of("DOWNCHECK_KAFKA", "b:9092", "DOWNCHECK_REGION", "us-east",
        "DOWNCHECK_COUNTRY", "US", "DOWNCHECK_PROVIDER", "aws", "DOWNCHECK_ASN", "16509", "DOWNCHECK_TAGS", "cloud");
    assertThat(Commands.parse(new AgentMain(), env).config().location())
        .isEqualTo(new Location("US", null, "aws", 16509L, List.of("cloud")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--country  | XX           | --country: 'XX' is not an ISO 3166-1 alpha-2 country code",
      "--country  | DEU          | --country: 'DEU' is not an ISO 3166-1 alpha-2",
      "--city     | 'a city name that goes on and on and on for longer than sixty-four characters' | --city: 'a city",
      "--provider | Hetzner      | --provider: 'Hetzner' must be lower-case letters",
      "--provider | a-provider-name-that-is-longer-than-32 | --provider: 'a-provider-name-that-is-longer-than-32' must be",
      "--asn      | 0            | --asn: 0 must be an AS number, 1 to 4294967295",
      "--asn      | 4294967296   | --asn: 4294967296 must be an AS number",
      "--asn      | 64512        | --asn: 64512 is a private-use AS number (RFC 6996)",
      "--asn      | 64500        | --asn: 64500 is reserved for documentation (RFC 5398)",
      "--asn      | 23456        | --asn: 23456 is AS_TRANS",
      "--tags     | 'a,b,c,d,e,f,g,h,i,j,k' | --tags: at most 10 tags",
      "--tags     | 'ok,Not Ok'  | --tags: 'Not Ok' must be lower-case letters",
  })
  void aBadPlaceIsOneLineNamingTheFlagAndExitTwo(String flag, String value, String message) {
    int code = Commands.execute(new AgentMain(), new String[] {"--kafka", "k:9092", "--region", "x", flag, value},
        Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains(message);
  }

  @Test
  void aCityWithAControlCharacterIsRefused() {
    int code = Commands.execute(new AgentMain(), new String[] {"--kafka", "k:9092", "--region", "x", "--city",
        "Ber\tlin"}, Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--city: 'Ber?lin' must be printable characters");
  }

  @Test
  void withoutAnAsnTheOperatorsTableNamesTheAsOfTheOutboundAddress(@TempDir Path dir) throws Exception {
    Path table = dir.resolve("asn.txt");
    Files.writeString(table, "# prefix ASN\n127.0.0.0/8 3320\n127.0.0.3/32 AS24940  # the longer prefix wins\n");
    AgentConfig c = Commands.parse(new AgentMain(), Map.of(), "--kafka", "k:9092", "--region", "x",
        "--source-address", "127.0.0.3", "--asn-table", table.toString()).config();
    assertThat(c.location().asn()).isEqualTo(24940L);
    AgentConfig stated = Commands.parse(new AgentMain(), Map.of(), "--kafka", "k:9092", "--region", "x",
        "--source-address", "127.0.0.3", "--asn-table", table.toString(), "--asn", "3209").config();
    assertThat(stated.location().asn()).as("--asn wins over the table").isEqualTo(3209L);
    AgentConfig elsewhere = Commands.parse(new AgentMain(), Map.of(), "--kafka", "k:9092", "--region", "x",
        "--source-address", "10.1.2.3", "--asn-table", table.toString()).config();
    assertThat(elsewhere.location().asn()).as("no entry holds it").isNull();
  }

  @Test
  void aBadAsnTableLineIsOneLineNamingTheFileAndTheLine(@TempDir Path dir) throws Exception {
    Path table = dir.resolve("asn.txt");
    Files.writeString(table, "127.0.0.0/8 3320\nexample.com/8 3320\n");
    int code = Commands.execute(new AgentMain(), new String[] {"--kafka", "k:9092", "--region", "x",
        "--source-address", "127.0.0.3", "--asn-table", table.toString()}, Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--asn-table " + table + " line 2: 'example.com' is not an IP address");
  }
}
