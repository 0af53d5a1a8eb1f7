package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import downcheck.coordinator.store.TargetRate;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.Contract;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Past its capacity a coordinator turns the excess away at once, and finishes what it took. */
class LoadSheddingTest {

  @Test
  void pastItsMostSubmissionsInFlightASubmitIs503WithRetryAfterAndTheAcceptedCheckStillEnds() throws Exception {
    // room for one submission at a time; the target limit on, so a submission asks Hazelcast
    // for the target's count, which the test holds back by locking that key
    try (TestNetwork net = TestNetwork.startWith(Duration.ofMillis(1500), "--max-submits-in-flight", "1",
        "--target-checks-per-minute", "100");
        TargetServer target = TargetServer.ok(net.vertx())) {
      Api api = net.api();
      net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(target.url())));
      IMap<Object, Object> counts = net.hazelcast().getMap(TargetRate.MAP_NAME);
      counts.lock("127.0.0.1");
      CompletableFuture<HttpResponse<String>> first;
      try {
        first = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/checks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(check(target.url() + "first"))).build(),
            HttpResponse.BodyHandlers.ofString());
        await("the first submission in flight").atMost(Duration.ofSeconds(10))
            .until(() -> metric(api, "downcheck_submits_in_flight") == 1);

        HttpResponse<String> second = api.post("/api/v1/checks", check(target.url() + "second"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(503);
        assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Api.json(second.body()).get("title").asText()).isEqualTo("Coordinator busy");
        assertThat(metric(api, "downcheck_submits_shed_total")).isEqualTo(1);
      } finally {
        counts.unlock("127.0.0.1");
      }

      HttpResponse<String> accepted = Contract.check(first.get(10, TimeUnit.SECONDS));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      CheckView done = api.awaitFinal(Codec.fromJson(accepted.body(), CheckView.class).id(), Duration.ofSeconds(20));
      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      assertThat(api.post("/api/v1/checks", check(target.url() + "third")).statusCode()).isEqualTo(202);
    }
  }

  @Test
  void pastItsMostOpenChecksANewCheckIs503WhileASharedAnswerIsStillGivenAndTheOpenCheckEnds() throws Exception {
    // room for one open check; the target holds every probe of /slow until the test lets it go
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    try (TestNetwork net = TestNetwork.startWith(Duration.ofMillis(1500), "--max-open-checks", "1");
        TargetServer target = TargetServer.start(net.vertx(), req -> {
          if (req.path().equals("/slow")) {
            held.add(req);
          } else {
            req.response().end("ok");
          }
        })) {
      Api api = net.api();
      net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(target.url())));
      String slow = "{\"target\":\"" + target.url() + "slow\",\"timeoutMs\":8000}";

      HttpResponse<String> first = api.post("/api/v1/checks", slow);
      assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
      String firstId = Codec.fromJson(first.body(), CheckView.class).id();
      await("the probe held by the target").atMost(Duration.ofSeconds(10)).until(() -> !held.isEmpty());
      assertThat(metric(api, "downcheck_checks_open")).isEqualTo(1);

      HttpResponse<String> other = api.post("/api/v1/checks", check(target.url() + "other"));
      assertThat(other.statusCode()).as(other.body()).isEqualTo(503);
      assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(other.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(Api.json(other.body()).get("title").asText()).isEqualTo("Coordinator busy");
      assertThat(Api.json(other.body()).get("detail").asText()).contains("1 checks open", "--max-open-checks");

      // the same question again starts no probe: answered from the open check, not turned away
      HttpResponse<String> shared = api.post("/api/v1/checks", slow);
      assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
      assertThat(Codec.fromJson(shared.body(), CheckView.class).coalesced()).isTrue();

      held.forEach(req -> req.response().end("slow but up"));
      assertThat(api.awaitFinal(firstId, Duration.ofSeconds(20)).verdict()).isEqualTo(Verdict.UP);
      await("the final check leaves the count").atMost(Duration.ofSeconds(10))
          .until(() -> metric(api, "downcheck_checks_open") == 0);
      HttpResponse<String> after = api.post("/api/v1/checks", check(target.url() + "other"));
      assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
      assertThat(api.awaitFinal(Codec.fromJson(after.body(), CheckView.class).id(), Duration.ofSeconds(20)).verdict())
          .isEqualTo(Verdict.UP);
    }
  }

  private static String check(String url) {
    return "{\"target\":\"" + url + "\",\"fresh\":true,\"timeoutMs\":2000}";
  }

  static double metric(Api api, String name) {
    for (String line : api.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).strip());
      }
    }
    return 0;
  }
}
