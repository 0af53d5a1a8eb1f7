package downcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import downcheck.model.result.Hop;
import downcheck.model.result.PingStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --count}, {@code --protocol}, {@code --max-hops} reach the coordinator; ping stats and hops read as lines. */
class PingTraceOptionsTest {
  private final AtomicReference<String> posted = new AtomicReference<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext("/api/v1/checks", ex -> {
      posted.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = "{\"title\":\"bad\",\"status\":400,\"errors\":[]}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/problem+json");
      ex.sendResponseHeaders(400, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void countGoesInThePingOptions() {
    Cli.run("ping://example.com", "--server", base(), "--count", "5");
    assertThat(posted.get()).contains("\"target\":\"ping://example.com\"", "\"ping\":{\"count\":5}")
        .doesNotContain("\"client\"", "\"trace\"");
  }

  @Test
  void protocolAndHopsGoInTheTraceOptions() {
    Cli.run("trace://example.com:443", "--server", base(), "--protocol", "tcp", "--max-hops", "12");
    assertThat(posted.get()).contains("\"trace\":{\"protocol\":\"tcp\",\"maxHops\":12}").doesNotContain("\"ping\"");
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
