package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With Kafka gone, the coordinator says so at once: submissions 503 with Retry-After, and /ready 503. */
class KafkaLossTest {

  @Test
  void withTheBrokerGoneASubmitIs503WithinASecondAndReadyTurns503WithinTwo() {
    try (TestNetwork net = TestNetwork.start(Duration.ofMillis(1500));
        TargetServer target = TargetServer.ok(net.vertx())) {
      Api api = net.api();
      net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(target.url())));
      assertThat(api.get("/ready").statusCode()).isEqualTo(200);

      net.stopBroker();
      long lost = System.nanoTime();
      // at once, before the coordinator's ping has noticed: the dispatch gives up within its bound
      HttpResponse<String> submit = api.post("/api/v1/checks", "{\"target\":\"" + target.url() + "\",\"fresh\":true}");
      long answeredMs = (System.nanoTime() - lost) / 1_000_000;
      assertKafkaProblem(submit);
      assertThat(answeredMs).as("submit answered after %d ms", answeredMs).isLessThan(1_000);

      await("/ready 503").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
          .until(() -> api.get("/ready").statusCode() == 503);
      assertThat(Api.json(api.get("/ready").body()).get("kafka").asText()).isEqualTo("DOWN");
      // now known down: answered without trying Kafka
      long asked = System.nanoTime();
      assertKafkaProblem(api.post("/api/v1/checks", "{\"target\":\"" + target.url() + "\",\"fresh\":true}"));
      assertThat((System.nanoTime() - asked) / 1_000_000).isLessThan(200);
    }
  }

  private static void assertKafkaProblem(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(res.headers().firstValue("Retry-After")).isPresent();
    assertThat(Api.json(res.body()).get("detail").asText()).contains("Kafka");
  }
}
