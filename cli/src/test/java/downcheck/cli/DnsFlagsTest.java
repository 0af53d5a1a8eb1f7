package downcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import downcheck.cli.Cli.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --type} and {@code --resolver} against a real loopback server playing the coordinator. */
class DnsFlagsTest {
  private static final String FINAL_CHECK = """
      {"id":"c-1","target":"dns://example.com","final":true,"verdict":"UP","confidence":1.0,
       "summary":"example.com is up in 1 region",
       "quorum":{"expected":1,"reported":1,"usable":1,"required":1},
       "regions":[{"region":"eu-west","status":"UP","results":[{"checkId":"c-1","agentId":"eu-west-a1",
         "region":"eu-west","impaired":false,"outcome":"UP","errorClass":null,"httpStatus":null,
         "timings":{"dnsMs":4,"connectMs":null,"tlsMs":null,"firstByteMs":null,"totalMs":4},"address":null,
         "finishedAt":"2026-12-06T10:00:00Z",
         "dns":{"type":"MX","records":["10 mx1.example.com.","20 mx2.example.com."],"resolver":"127.0.0.1:5353"}}]}]}""";

  private final AtomicReference<String> posted = new AtomicReference<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext("/api/v1/checks", ex -> {
      posted.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] bytes = FINAL_CHECK.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(202, bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void typeAndResolverAreAskedAndEachRecordIsPrintedUnderItsRegion() {
    Run run = Cli.run("dns://example.com", "--type", "MX", "--resolver", "127.0.0.1:5353",
        "--server", "http://127.0.0.1:" + server.getAddress().getPort());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(posted.get()).contains("\"dns\":{\"type\":\"MX\",\"resolver\":\"127.0.0.1:5353\"}")
        .doesNotContain("\"client\""); // this machine does not try another question than the one asked
    assertThat(run.out()).contains("MX 10 mx1.example.com.", "MX 20 mx2.example.com.");
  }

  @Test
  void withoutTheFlagsTheBodyHasNoDnsField() {
    Cli.run("dns://example.com", "--no-local", "--server", "http://127.0.0.1:" + server.getAddress().getPort());

    assertThat(posted.get()).doesNotContain("\"dns\"");
  }
}
