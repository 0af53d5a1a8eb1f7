package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API keys and rate limits on submitting checks; reading stays open. Each test is its own client
 * (its own key) asking about its own host (its own loopback address), so the per-client and
 * per-target counts of one test never touch another's.
 */
class AccessTest {
  static final String HASHED_KEY = "only-its-hash-is-known-" + UUID.randomUUID();
  static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
  static TestNetwork net;
  static Api api;

  /** A file as the docs say to write one: a comment, then {@code printf %s KEY | sha256sum}'s line. */
  private static String hashesFile(String key) {
    try {
      Path file = Files.createTempFile("downcheck-keys", ".sha256");
      file.toFile().deleteOnExit();
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
      Files.writeString(file, "# keys of the test\n\n" + hex + "  -\n");
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void startNetwork() {
    // keys k1..k8; 3 checks a minute per client; 2 new probe sets a minute per target host; one monitor per key
    // and two keys given only as SHA-256 hashes in files: one a user's, one an admin's
    net = TestNetwork.start(Duration.ofMillis(1500), Set.of("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"), 3, 2,
        List.of("--monitor-max-per-key", "1", "--api-key-hashes-file", hashesFile(HASHED_KEY),
            "--admin-key-hashes-file", hashesFile(ADMIN_KEY)));
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

  /** The limits count per minute: a test starts with enough of one left, so it never straddles two. */
  @BeforeEach
  void notAtTheEndOfAMinute() {
    await("not at a minute's end").atMost(Duration.ofSeconds(11)).pollInterval(Duration.ofMillis(200))
        .until(() -> LocalTime.now().getSecond() < 50);
  }

  @Test
  void submittingWithoutAKeyOrWithAWrongOneIs401() {
    String body = "{\"target\":\"http://127.0.0.10:1/\",\"timeoutMs\":2000}";
    assertProblem(api.post("/api/v1/checks", body), 401);
    assertProblem(api.post("/api/v1/checks", body, "Authorization", "Bearer nope"), 401);
    assertProblem(api.post("/api/v1/checks", body, "X-API-Key", "nope"), 401);
  }

  @Test
  void aValidKeyIsTakenAsABearerTokenOrAsXApiKey() {
    String body = "{\"target\":\"http://127.0.0.11:1/\",\"fresh\":true,\"timeoutMs\":2000}";
    assertThat(api.post("/api/v1/checks", body, "Authorization", "Bearer k1").statusCode()).isEqualTo(202);
    assertThat(api.post("/api/v1/checks", body, "X-API-Key", "k1").statusCode()).isEqualTo(202);
  }

  @Test
  void aThirdNewSetOfProbesToOneHostWithinAMinuteIs429NamingTheHost() {
    try (TargetServer target = TargetServer.start(net.vertx(), "127.0.0.12", req -> req.response().end("ok"))) {
      String fresh = "{\"target\":\"" + target.url() + "\",\"fresh\":true,\"timeoutMs\":2000}";
      assertThat(api.post("/api/v1/checks", fresh, "Authorization", "Bearer k2").statusCode()).isEqualTo(202);
      assertThat(api.post("/api/v1/checks", fresh, "Authorization", "Bearer k2").statusCode()).isEqualTo(202);

      HttpResponse<String> third = api.post("/api/v1/checks", fresh, "Authorization", "Bearer k2");
      assertProblem(third, 429);
      assertThat(Api.json(third.body()).get("detail").asText()).contains("127.0.0.12");
      await("the two checks probed").atMost(Duration.ofSeconds(10)).until(() -> target.callers().size() == 2);
      // and the third never: a probe sent for it would come by its deadline (2 s timeout + 1.5 s grace)
      await("no third probe").during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5))
          .until(() -> target.callers().size() == 2);
    }
  }

  @Test
  void aClientPastItsLimitIs429NamingTheClientWhateverTheTarget() {
    for (String host : List.of("127.0.0.13", "127.0.0.14", "127.0.0.15")) {
      HttpResponse<String> ok = api.post("/api/v1/checks", "{\"target\":\"http://" + host + ":1/\",\"timeoutMs\":2000}",
          "Authorization", "Bearer k3");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    }
    HttpResponse<String> fourth = api.post("/api/v1/checks", "{\"target\":\"http://127.0.0.16:1/\",\"timeoutMs\":2000}",
        "Authorization", "Bearer k3");
    assertProblem(fourth, 429);
    assertThat(Api.json(fourth.body()).get("detail").asText()).contains("client");
    // another client is not held back by this one's count
    assertThat(api.post("/api/v1/checks", "{\"target\":\"http://127.0.0.16:1/\",\"timeoutMs\":2000}",
        "Authorization", "Bearer k6").statusCode()).isEqualTo(202);
  }

  @Test
  void aRepeatedQuestionIsSharedWithoutANewProbeEvenWhenTheHostIsAtItsLimit() {
    try (TargetServer target = TargetServer.start(net.vertx(), "127.0.0.17", req -> req.response().end("ok"))) {
      String fresh = "{\"target\":\"" + target.url() + "\",\"fresh\":true,\"timeoutMs\":2000}";
      api.post("/api/v1/checks", fresh, "Authorization", "Bearer k4");
      CheckView second = Codec.fromJson(api.post("/api/v1/checks", fresh, "Authorization", "Bearer k4").body(),
          CheckView.class);

      HttpResponse<String> shared = api.post("/api/v1/checks", "{\"target\":\"" + target.url() + "\",\"timeoutMs\":2000}",
          "Authorization", "Bearer k5");
      assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
      assertThat(Codec.fromJson(shared.body(), CheckView.class).coalesced()).isTrue();
      api.awaitFinal(second.id(), Duration.ofSeconds(20));
      assertThat(target.callers()).hasSize(2);
    }
  }

  @Test
  void readingACheckNeedsNoKey() {
    HttpResponse<String> accepted = api.post("/api/v1/checks", "{\"target\":\"http://127.0.0.18:1/\",\"timeoutMs\":2000}",
        "Authorization", "Bearer k6");
    String id = Codec.fromJson(accepted.body(), CheckView.class).id();

    HttpResponse<String> read = api.get("/api/v1/checks/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(api.awaitFinal(id, Duration.ofSeconds(20)).isFinal()).isTrue();
    assertThat(api.get("/api/v1/checks/" + id + "/events").statusCode()).isEqualTo(200);
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
    HttpResponse<String> mine = api.post("/api/v1/monitors", body, "Authorization", "Bearer k7");
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
    assertThat(mine.body()).doesNotContain("very-secret");
    HttpResponse<String> second = api.post("/api/v1/monitors", body, "Authorization", "Bearer k7");
    assertProblem(second, 409);
    assertThat(Api.json(second.body()).get("detail").asText()).contains("the most monitors allowed (1)");
    HttpResponse<String> theirs = api.post("/api/v1/monitors", body, "X-API-Key", "k8");
    assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(201);

    String id = Api.json(mine.body()).get("id").asText();
    String theirId = Api.json(theirs.body()).get("id").asText();
    assertProblem(delete(id, "k8"), 404);
    assertProblem(api.get("/api/v1/monitors"), 401);
    HttpResponse<String> list = api.get("/api/v1/monitors", "Authorization", "Bearer k7");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(id).doesNotContain(theirId).doesNotContain("very-secret");
    assertThat(delete(id, "k7").statusCode()).isEqualTo(204);
    assertThat(delete(theirId, "k8").statusCode()).isEqualTo(204);
  }

  @Test
  void aMonitorItsEventsAndDeliveriesAreSeenAndChangedOnlyWithTheKeyThatMadeItOrAnAdminKey() {
    String target = "https://example.com/status?token=t0p-s3cret";
    String body = "{\"target\":\"" + target + "\",\"regions\":[\"nowhere\"],\"intervalSeconds\":60,"
        + "\"name\":\"\"}";
    // the key is known to the coordinator only as its hash in a file
    HttpResponse<String> made = api.post("/api/v1/monitors", body, "Authorization", "Bearer " + HASHED_KEY);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String id = Api.json(made.body()).get("id").asText();
    String one = "/api/v1/monitors/" + id;
    try {
      for (String path : List.of(one, one + "/events", one + "/deliveries")) {
        assertProblem(api.get(path), 401);
        assertProblem(api.get(path, "Authorization", "Bearer nope"), 401);
        // another key holder is told what they would be told of an id that does not exist
        HttpResponse<String> other = api.get(path, "Authorization", "Bearer k6");
        assertProblem(other, 404);
        assertThat(other.body()).doesNotContain("t0p-s3cret");
      }
      assertProblem(api.put(one, body, "Authorization", "Bearer k6"), 404);
      assertProblem(api.delete(one, "Authorization", "Bearer k6"), 404);
      assertThat(api.get("/api/v1/monitors", "Authorization", "Bearer k6").body()).doesNotContain(id);

      HttpResponse<String> own = api.get(one, "Authorization", "Bearer " + HASHED_KEY);
      assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
      assertThat(Api.json(own.body()).get("target").asText()).isEqualTo(target);
      assertThat(api.get(one + "/deliveries", "X-API-Key", HASHED_KEY).statusCode()).isEqualTo(200);
      assertThat(api.get("/api/v1/monitors", "Authorization", "Bearer " + HASHED_KEY).body()).contains(id);
      // an admin key reads every monitor
      assertThat(api.get(one, "Authorization", "Bearer " + ADMIN_KEY).statusCode()).isEqualTo(200);
      assertThat(api.get("/api/v1/monitors", "Authorization", "Bearer " + ADMIN_KEY).body()).contains(id);
      // the badge is public by id, and shows the target without its query
      HttpResponse<String> badge = api.get(one + "/badge.svg");
      assertThat(badge.statusCode()).isEqualTo(200);
      assertThat(badge.body()).contains("example.com").doesNotContain("t0p-s3cret").doesNotContain("token");
    } finally {
      assertThat(api.delete(one, "Authorization", "Bearer " + HASHED_KEY).statusCode()).isEqualTo(204);
    }
    assertProblem(api.get(one, "Authorization", "Bearer " + HASHED_KEY), 404);
  }

  @Test
  void onlyTheExactKeyOfAHashOpensNotTheHashItselfNorANearMiss() throws Exception {
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(HASHED_KEY.getBytes(StandardCharsets.UTF_8)));
    String last = HASHED_KEY.substring(HASHED_KEY.length() - 1);
    List<String> wrong = List.of(hash, HASHED_KEY.substring(0, HASHED_KEY.length() - 1),
        HASHED_KEY.substring(0, HASHED_KEY.length() - 1) + (last.equals("0") ? "1" : "0"), HASHED_KEY + "0",
        HASHED_KEY.toUpperCase(), "K1", "k");
    for (String key : wrong) {
      // a monitor's list: read-only, so these count in no limit
      assertProblem(api.get("/api/v1/monitors", "Authorization", "Bearer " + key), 401);
    }
  }

  private static HttpResponse<String> delete(String monitorId, String key) {
    return api.delete("/api/v1/monitors/" + monitorId, "Authorization", "Bearer " + key);
  }
}
