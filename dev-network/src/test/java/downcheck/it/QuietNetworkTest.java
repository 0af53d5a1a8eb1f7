package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.SseClient;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A coordinator on its broker before any agent has joined, as an operator starts one: it says
 * when it cannot check yet, and a quiet live stream stays open on its heartbeat. The heartbeat's
 * interval is a setting ({@code --stream-heartbeat-ms}, 15 s by default as parsed in the
 * coordinator's own tests), short here so the test need not wait for it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuietNetworkTest {
  static final long HEARTBEAT_MS = 500;

  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetworkWithoutAgents() {
    net = TestNetwork.startWith(Duration.ofMillis(1500), "--stream-heartbeat-ms", String.valueOf(HEARTBEAT_MS));
    api = net.api();
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  @Order(1)
  void withNoLiveRegionSubmittingIs503WithRetryAfterUntilAnAgentJoins() {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      String body = "{\"target\":\"" + target.url() + "\",\"timeoutMs\":2000}";
      assertThat(api.regionNames()).isEmpty();

      HttpResponse<String> refused = api.post("/api/v1/checks", body);

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("application/problem+json"));
      assertThat(refused.headers().firstValue("Retry-After")).as("when to try again").hasValueSatisfying(
          v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
      JsonNode problem = Api.json(refused.body());
      assertThat(problem.get("status").asInt()).isEqualTo(503);
      assertThat(problem.get("title").asText()).isEqualTo("No live region");

      // the 503 was about the regions: once one is live, the same question is a check
      net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(target.url())));
      HttpResponse<String> accepted = api.post("/api/v1/checks", body);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      api.awaitFinal(Codec.fromJson(accepted.body(), CheckView.class).id(), Duration.ofSeconds(20));
    }
  }

  @Test
  @Order(2)
  void aQuietLiveStreamGetsAHeartbeatCommentEachInterval() throws Exception {
    long opened = System.nanoTime();
    try (SseClient stream = new SseClient(api.base() + "/api/v1/stream")) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.nextComment(Duration.ofSeconds(10)).text()).startsWith("downcheck verdict stream");

      List<Long> heartbeatsMs = new ArrayList<>();
      while (heartbeatsMs.size() < 3) {
        // room for a loaded machine: a heartbeat is 0.5 s apart here, 15 s by default
        SseClient.Comment c = stream.nextComment(Duration.ofSeconds(10));
        assertThat(c.text()).isEqualTo("heartbeat");
        heartbeatsMs.add((c.receivedNanos() - opened) / 1_000_000);
      }
      // paced by the setting, never sooner: the n-th comes n intervals after the stream opened at the earliest
      for (int n = 1; n <= 3; n++) {
        assertThat(heartbeatsMs.get(n - 1)).as("heartbeat " + n + " after the stream opened, ms")
            .isGreaterThanOrEqualTo(n * HEARTBEAT_MS);
      }
      assertThat(stream.status()).isEqualTo(200);
    }
  }
}
