package downcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.testing.Api;
import downcheck.testing.TestNetwork;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CLI against the real coordinator's answers that are not a verdict: a broker and a
 * coordinator, no agent. The answers a real coordinator never gives (not JSON, a stream that ends
 * without a verdict or stays silent) are the hand-written server's, in the cli module's
 * {@code CoordinatorAnswersTest}; the verdicts are the system test's ({@code system/DevNetworkIT}).
 */
class CliAgainstCoordinatorTest {
  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1000));
    api = net.api();
    await("coordinator ready").atMost(Duration.ofSeconds(40)).ignoreExceptions()
        .until(() -> api.get("/ready").statusCode() == 200);
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void noLiveRegionIsNoAnswerAndExitsThree() {
    Run run = run("example.com", "--server", api.base(), "--no-local", "--json");

    assertThat(run.code()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).singleElement().asString()
        .isEqualTo("downcheck: " + api.base() + " cannot take the check now: 503 No live region: no probe agent is live;"
            + " start one with ./downcheck agent (retry after 5 s)");
  }

  @Test
  void aTargetTheCoordinatorCannotReadIsRefusedNamingTheFieldAndExitsTwo() {
    Run run = run("http://exa mple/", "--server", api.base(), "--no-local");

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).singleElement().asString().startsWith("downcheck: " + api.base()
        + " refused the check: 400 Invalid request: target: 'http://exa mple/' is not a valid URL");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CheckCommand.commandLine(new CheckCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }
}
