package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * With API keys off, a client is its address (docs/security.md, Who may do what): the monitor cap
 * counts watches, and a watch made permanent by {@code PUT} still counts; monitor writes and
 * check submissions are rate limited per address, whatever {@code X-API-Key} a caller invents.
 * Real parts: the embedded broker, Hazelcast, the coordinator and one agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first submits a check within the address's budget
class MonitorQuotaTest {
  static final int CAP = 5;
  static final int WRITES_PER_MINUTE = 8;
  static final int CHECKS_PER_MINUTE = 4;
  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1000), Set.of(), CHECKS_PER_MINUTE, 0, List.of(
        "--monitor-max-per-key", String.valueOf(CAP), "--client-monitor-writes-per-minute", String.valueOf(WRITES_PER_MINUTE)));
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
    await("not at a minute's end").atMost(Duration.ofSeconds(16)).pollInterval(Duration.ofMillis(200))
        .until(() -> LocalTime.now().getSecond() < 45);
  }

  @Test
  @Order(1)
  void watchesCountInTheCapAPutDoesNotLiftOneOutAndInventedKeysShareTheAddressBudget() {
    String check = api.submit("{\"target\":\"http://127.0.0.1:" + closedPort() + "/\",\"timeoutMs\":1000}").id();
    assertThat(api.awaitFinal(check, Duration.ofSeconds(20)).verdict().name()).isEqualTo("GLOBAL_OUTAGE");
    List<String> made = new ArrayList<>();
    try {
      // write 1: a watch; write 2: the watch made a permanent monitor, still one of the CAP
      HttpResponse<String> first = watch(check);
      assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
      String id = Api.json(first.body()).get("id").asText();
      made.add(id);
      HttpResponse<String> permanent = api.put("/api/v1/monitors/" + id, "{\"target\":\"https://example.com/\","
          + "\"regions\":[\"nowhere\"],\"intervalSeconds\":3600}", "X-API-Key", invented());
      assertThat(permanent.statusCode()).as(permanent.body()).isEqualTo(200);
      assertThat(Api.json(permanent.body()).get("temporary").asBoolean()).isFalse();
      // writes 3..6: watches up to the cap
      for (int i = 1; i < CAP; i++) {
        HttpResponse<String> w = watch(check);
        assertThat(w.statusCode()).as("watch " + (i + 1) + ": " + w.body()).isEqualTo(201);
        made.add(Api.json(w.body()).get("id").asText());
      }
      // writes 7 and 8: past the cap, whatever key is invented
      for (int i = 0; i < WRITES_PER_MINUTE - CAP - 1; i++) {
        HttpResponse<String> over = watch(check);
        assertProblem(over, 409);
        assertThat(Api.json(over.body()).get("detail").asText()).contains("the most monitors allowed (" + CAP + ")");
      }
      // write 9 and on: past the address's writes this minute; a crowd of invented keys gets no more
      HttpResponse<String> limited = watch(check);
      assertProblem(limited, 429);
      assertThat(Api.json(limited.body()).get("detail").asText()).contains("client");
      int accepted = 0;
      for (int i = 0; i < 150; i++) {
        int status = watch(check).statusCode();
        assertThat(status).isIn(409, 429);
        accepted += status == 201 ? 1 : 0;
      }
      assertThat(accepted).isZero();
      assertThat(Api.json(api.get("/api/v1/monitors").body())).hasSize(CAP);
    } finally {
      for (String id : made) {
        api.delete("/api/v1/monitors/" + id);
      }
    }
  }

  @Test
  @Order(2)
  void inventedApiKeysShareTheAddressCheckBudget() {
    int accepted = 0;
    int limited = 0;
    for (int i = 0; i < CHECKS_PER_MINUTE + 2; i++) {
      HttpResponse<String> res = api.post("/api/v1/checks", "{\"target\":\"http://127.0.0.20:1/\",\"timeoutMs\":1000}",
          "X-API-Key", invented());
      if (res.statusCode() == 429) {
        assertProblem(res, 429);
        limited++;
      } else {
        assertThat(res.statusCode()).as(res.body()).isIn(200, 202);
        accepted++;
      }
    }
    assertThat(accepted).isLessThanOrEqualTo(CHECKS_PER_MINUTE);
    assertThat(limited).isGreaterThanOrEqualTo(2);
  }

  private static HttpResponse<String> watch(String checkId) {
    return api.post("/api/v1/checks/" + checkId + "/watch", "{}", "X-API-Key", invented());
  }

  private static String invented() {
    return "invented-" + UUID.randomUUID();
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

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
