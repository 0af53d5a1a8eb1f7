package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys and rate limits on submitting checks; reading stays open. */
class AccessTest {
  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    // keys k1 and k2; 3 checks a minute per client; 2 new probe sets a minute per target host
    net = TestNetwork.start(Duration.ofMillis(1500), Set.of("k1", "k2"), 3, 2,
        List.of("--monitor-max-per-key", "1"));
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(canary.url())));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void keysAndLimitsGuardSubmissionsAndEachRefusalSaysWhy() {
    // the limits count per minute: start early in one, so the test does not straddle two
    await("early in a minute").atMost(Duration.ofSeconds(61)).pollInterval(Duration.ofMillis(200))
        .until(() -> LocalTime.now().getSecond() < 30);
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      String fresh = "{\"target\":\"" + target.url() + "\",\"fresh\":true,\"timeoutMs\":2000}";

      assertProblem(api.post("/api/v1/checks", fresh), 401);
      assertProblem(api.post("/api/v1/checks", fresh, "Authorization", "Bearer nope"), 401);

      HttpResponse<String> first = api.post("/api/v1/checks", fresh, "Authorization", "Bearer k1");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
      assertThat(api.post("/api/v1/checks", fresh, "X-API-Key", "k1").statusCode()).isEqualTo(202);

      // a third new set of probes to the same host this minute: the target is spared
      HttpResponse<String> third = api.post("/api/v1/checks", fresh, "Authorization", "Bearer k1");
      assertProblem(third, 429);
      assertThat(Api.json(third.body()).get("detail").asText()).contains("127.0.0.1");

      // k1 has used its 3 submissions this minute
      HttpResponse<String> fourth = api.post("/api/v1/checks",
          "{\"target\":\"http://127.0.0.1:1/other\",\"timeoutMs\":2000}", "Authorization", "Bearer k1");
      assertProblem(fourth, 429);
      assertThat(Api.json(fourth.body()).get("detail").asText()).contains("client");

      // another client asking the same question shares the recent probes: no new probe, no refusal
      HttpResponse<String> shared = api.post("/api/v1/checks", "{\"target\":\"" + target.url() + "\",\"timeoutMs\":2000}",
          "Authorization", "Bearer k2");
      assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
      assertThat(Codec.fromJson(shared.body(), CheckView.class).coalesced()).isTrue();

      // reading needs no key
      String id = Codec.fromJson(first.body(), CheckView.class).id();
      assertThat(api.awaitFinal(id, Duration.ofSeconds(20)).isFinal()).isTrue();
      assertThat(target.callers()).hasSize(2);
    }
  }

  private static void assertProblem(HttpResponse<String> res, int status) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode problem = Api.json(res.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    if (status == 429) {
      assertThat(res.headers().firstValue("Retry-After")).hasValueSatisfying(
          v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
    }
  }

  @Test
  void monitorsNeedAKeyEachKeyHasItsQuotaAndOnlyItsOwnerChangesOne() throws Exception {
    // a region no agent serves: the monitors never send a probe, so the target limits above are untouched
    String body = "{\"target\":\"https://example.com/\",\"regions\":[\"nowhere\"],\"intervalSeconds\":60,"
        + "\"notify\":[{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/h\",\"secret\":\"very-secret\"}]}";
    assertProblem(api.post("/api/v1/monitors", body), 401);
    HttpResponse<String> mine = api.post("/api/v1/monitors", body, "Authorization", "Bearer k1");
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
    assertThat(mine.body()).doesNotContain("very-secret");
    assertProblem(api.post("/api/v1/monitors", body, "Authorization", "Bearer k1"), 403);
    HttpResponse<String> theirs = api.post("/api/v1/monitors", body, "X-API-Key", "k2");
    assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(201);

    String id = Api.json(mine.body()).get("id").asText();
    assertThat(delete(id, "k2").statusCode()).isEqualTo(403);
    HttpResponse<String> list = api.get("/api/v1/monitors");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(id).doesNotContain("very-secret");
    assertThat(delete(id, "k1").statusCode()).isEqualTo(204);
    assertThat(delete(Api.json(theirs.body()).get("id").asText(), "k2").statusCode()).isEqualTo(204);
  }

  private static HttpResponse<String> delete(String monitorId, String key) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(api.base() + "/api/v1/monitors/" + monitorId)).header("Authorization", "Bearer " + key)
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }
}
