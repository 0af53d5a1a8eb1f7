package downcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.cli.Cli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckCommandTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown option         | example.com --bogus",
      "not a number           | example.com --timeout-ms soon",
      "negative timeout       | example.com --timeout-ms -5",
      "no target              | --json",
      "two targets            | example.com example.org",
      "server without scheme  | example.com --server localhost:8080",
      "server not http        | example.com --server ftp://localhost",
      "flag with a bad value  | example.com --json=maybe",
      "both IP families       | example.com -4 -6",
  })
  void badUsageIsOneLineAndExitsTwo(String name, String args) {
    Run run = Cli.run(args.split(" "));

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("downcheck: ").endsWith("(see --help)");
    assertThat(run.out()).isEmpty();
  }

  @ParameterizedTest(name = "flag ''{0}''")
  @CsvSource(delimiter = '|', value = {
      "-4    | 4",
      "-6    | 6",
      "''    | ",
  })
  void anIpFamilyFlagAsksTheCheckForThatFamily(String flag, Integer ipVersion) {
    CheckCommand command = new CheckCommand();
    String[] args = flag.isEmpty() ? new String[] {"example.com", "--no-local"}
        : new String[] {"example.com", "--no-local", flag};
    CheckCommand.commandLine(command).parseArgs(args);

    assertThat(command.request().get("ipVersion")).isEqualTo(ipVersion);
  }

  @Test
  void unknownOptionIsNamed() {
    assertThat(Cli.run("example.com", "--bogus").err()).contains("'--bogus'");
  }

  @Test
  void missingCoordinatorIsOneLineNamingTheAddressAndExitsThree() throws Exception {
    String server = "http://127.0.0.1:" + Cli.closedPort();

    Run run = Cli.run("example.com", "--server", server, "--no-local");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.errLines()).singleElement().asString()
        .isEqualTo("downcheck: no coordinator answers at " + server
            + " (connection refused); start one with ./downcheck dev, or point --server at one");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingCoordinatorWithJsonPrintsNothingOnStdout() throws Exception {
    String server = "http://127.0.0.1:" + Cli.closedPort();

    Run run = Cli.run("example.com", "--server", server + "/", "--no-local", "--json");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).singleElement().asString().contains("at " + server + " ")
        .doesNotContain("Exception").doesNotContain("at java.");
  }

  @Test
  void serverComesFromTheEnvironmentWhenNotGiven() throws Exception {
    // picocli reads ${DOWNCHECK_SERVER} from a system property before the environment
    String server = "http://127.0.0.1:" + Cli.closedPort();
    System.setProperty("DOWNCHECK_SERVER", server);
    try {
      Run run = Cli.run("example.com", "--no-local");

      assertThat(run.code()).isEqualTo(3);
      assertThat(run.err()).contains("no coordinator answers at " + server + " ");
    } finally {
      System.clearProperty("DOWNCHECK_SERVER");
    }
  }

  @Test
  void helpShowsOptionsEnvironmentAndExitCodes() {
    Run run = Cli.run("--help");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("--server", "--regions", "--timeout-ms", "--no-local", "--json", "--version",
        "DOWNCHECK_", "http://localhost:8080", "Exit codes:", "REGIONAL_OUTAGE");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void versionIsOneLine() {
    Run run = Cli.run("--version");

    assertThat(run.code()).isZero();
    assertThat(run.out().lines()).singleElement().asString().startsWith("downcheck ");
  }
}
