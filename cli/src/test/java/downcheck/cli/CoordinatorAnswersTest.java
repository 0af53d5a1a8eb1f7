package downcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import downcheck.cli.Cli.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the CLI says when a server answers, but not with a verdict, in the answers a real
 * coordinator cannot be made to give on demand: several field errors in one refusal, not JSON, a
 * stream that ends without a verdict or stays silent. A real loopback server playing the
 * coordinator. The real coordinator's refusals (503 no live region, 400 bad target) are
 * dev-network's {@code cli/CliAgainstCoordinatorTest}; its verdicts, the system test's.
 */
class CoordinatorAnswersTest {
  private static final String PENDING_CHECK = """
      {"id":"c-1","target":"https://example.com/","final":false,"verdict":"PENDING",
       "quorum":{"expected":3,"reported":0,"usable":0,"required":2},"regions":[]}""";

  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setExecutor(handlers);
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answerChecks(int status, String contentType, String body) {
    server.createContext("/api/v1/checks", ex -> send(ex, status, contentType, body));
  }

  @Test
  void badRequestSaysTitleDetailAndEveryNamedFieldThenExitsTwo() {
    answerChecks(400, "application/problem+json", """
        {"type":"urn:downcheck:problem:invalid-request","title":"Invalid request","status":400,
         "detail":"target: 'exa mple' is not a valid URL",
         "errors":[{"field":"target","message":"'exa mple' is not a valid URL"},
                   {"field":"regions","message":"unknown or not live: mars"}]}""");

    Run run = Cli.run("exa mple", "--server", base(), "--regions", "mars", "--no-local");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly(
        "downcheck: " + base() + " refused the check: 400 Invalid request: target: 'exa mple' is not a valid URL",
        "  regions: unknown or not live: mars");
  }

  @Test
  void somethingElseThanACoordinatorIsOneLineAndExitsThree() {
    answerChecks(200, "text/html", "<html>hello</html>");

    Run run = Cli.run("example.com", "--server", base(), "--no-local");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("downcheck: " + base() + " answered, but not with a check: ")
        .doesNotContain("Exception").doesNotContain("at java.");
  }

  @Test
  void jsonThatIsNotACheckIsOneLineAndExitsThree() {
    answerChecks(200, "application/json", "{\"hello\":\"world\"}");

    Run run = Cli.run("example.com", "--server", base(), "--no-local", "--json");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).singleElement().asString()
        .isEqualTo("downcheck: " + base() + " answered, but not with a check: no id in {\"hello\":\"world\"}");
  }

  @Test
  void aCheckThatNeverEndsStopsAtTheDeadline() {
    answerChecks(202, "application/json", PENDING_CHECK);
    server.createContext("/api/v1/checks/c-1/events", ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      awaitRelease(); // the stream stays open and silent
      ex.close();
    });

    long started = System.nanoTime();
    Run run = Cli.run(new CheckCommand(Duration.ofMillis(500)), "example.com", "--server", base(), "--no-local",
        "--timeout-ms", "200", "--json");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("downcheck: no final verdict within ").endsWith("it may still come at " + base() + "/c/c-1");
  }

  @Test
  void aStreamThatEndsWithoutAVerdictFallsBackToTheCheckAndSaysItIsNotFinal() {
    server.createContext("/api/v1/checks", ex -> {
      boolean submit = ex.getRequestMethod().equals("POST");
      send(ex, submit ? 202 : 200, "application/json", PENDING_CHECK);
    });
    server.createContext("/api/v1/checks/c-1/events", ex -> send(ex, 200, "text/event-stream",
        "event: verdict\ndata: " + PENDING_CHECK.replace("\n", "") + "\n\n"));

    Run run = Cli.run("example.com", "--server", base(), "--no-local");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).isEqualTo("checking https://example.com/ from 3 regions..." + System.lineSeparator());
    assertThat(run.errLines()).containsExactly("downcheck: check c-1 has no final verdict yet; see " + base() + "/c/c-1");
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getRequestBody().readAllBytes();
    ex.getResponseHeaders().add("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
