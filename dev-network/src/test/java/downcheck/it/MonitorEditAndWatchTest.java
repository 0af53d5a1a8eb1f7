package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.dev.EmbeddedKafka;
import downcheck.model.monitor.Channel;
import downcheck.testing.Api;
import downcheck.testing.Contract;
import downcheck.testing.MovableClock;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TargetServer;
import downcheck.testing.TestAgents;
import downcheck.testing.TestCoordinator;
import downcheck.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Changing a monitor ({@code PUT}) and "tell me when it's back" ({@code watch}) on real parts:
 * the embedded broker, two coordinators of one Hazelcast cluster (the second learns definitions
 * only from Kafka), agents in three regions and a real webhook receiver. The coordinators read
 * time from one clock the test can move forward, to live through a watch's 24 hours.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorEditAndWatchTest {
  static final Duration SOON = Duration.ofSeconds(30);
  static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
  static final String SECRET = "s3cret";

  static final MovableClock CLOCK = new MovableClock();
  /** Monitors as quick as a test wants them: runs a second apart, the scheduler looking every 100 ms. */
  static final String[] MONITOR_FLAGS = {"--monitor-min-interval-seconds", "1", "--monitor-tick-ms", "100"};
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static EmbeddedKafka kafka;
  static TestCoordinator a;
  static TestCoordinator b;
  static TestAgents agents;
  static WebhookReceiver receiver;

  @BeforeAll
  static void startNetwork() {
    kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    String cluster = "downcheck-monitor-edit-" + UUID.randomUUID();
    a = TestCoordinator.start(CLOCK, kafka.bootstrapServers(), cluster, "a", MONITOR_FLAGS);
    b = TestCoordinator.start(CLOCK, kafka.bootstrapServers(), cluster, "b", MONITOR_FLAGS);
    await("two members").atMost(SOON).until(() -> b.hazelcast().getCluster().getMembers().size() == 2);
    agents = new TestAgents(kafka.bootstrapServers());
    TargetServer canary = TargetServer.ok(agents.vertx());
    for (int i = 0; i < REGIONS.size(); i++) {
      agents.start(REGIONS.get(i), "127.0.0." + (2 + i), canary.url());
    }
    await("regions live").atMost(SOON).until(() -> a.api().regionNames().size() == 3 && b.api().regionNames().size() == 3);
    receiver = new WebhookReceiver(agents.vertx());
  }

  @AfterAll
  static void stopNetwork() {
    for (AutoCloseable c : new AutoCloseable[] {agents, b, a, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  @Test
  @Order(1)
  void aChangedDefinitionIsWhatEveryCoordinatorReturnsAndTakesEffectWithTheStateKept() {
    try (TargetServer first = TargetServer.ok(agents.vertx());
        SwitchableTarget second = SwitchableTarget.ok(agents.vertx())) {
      second.stop(); // the target the monitor is moved to is down
      String id = Monitors.create(a.api(), Monitors.body(first.url(), REGIONS, 1, receiver.url("/before"), SECRET));
      await("monitor UP").atMost(SOON).until(() -> Monitors.state(a.api(), id).equals("UP"));
      JsonNode created = Monitors.get(a.api(), id);

      HttpResponse<String> res = put(a.api(), "/api/v1/monitors/" + id, "{\"target\":\"" + second.url() + "\","
          + "\"intervalSeconds\":2,\"timeoutMs\":1500,\"slowMs\":1200,\"regions\":[\"eu-west\",\"us-east\"],"
          + "\"confirmations\":2,\"notifyOn\":[\"GLOBAL_OUTAGE\"],\"name\":\"moved\","
          + "\"notify\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/after") + "\",\"secret\":\"other\"}]}");
      assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
      JsonNode answered = Api.json(res.body());
      assertChanged(answered, second.url(), receiver.url("/after"));
      assertThat(answered.get("id").asText()).isEqualTo(id);
      assertThat(answered.get("createdAt").asText()).isEqualTo(created.get("createdAt").asText());
      assertThat(answered.get("state").asText()).as("the state is kept").isEqualTo("UP");
      assertChanged(Monitors.get(a.api(), id), second.url(), receiver.url("/after"));
      // the other coordinator knows definitions only from the topic on Kafka
      await("the change seen by the other coordinator").atMost(SOON)
          .until(() -> Monitors.get(b.api(), id).get("target").asText().equals(second.url()));
      assertChanged(Monitors.get(b.api(), id), second.url(), receiver.url("/after"));
      assertThat(listed(b.api(), id).get("name").asText()).isEqualTo("moved");

      await("down told to the new channel").atMost(SOON)
          .until(() -> Monitors.events(receiver.accepted("/after")).contains("monitor.down"));
      String lastRun = Monitors.lastCheckId(a.api(), id);
      int firstCalls = first.callers().size();
      await("another run").atMost(SOON).until(() -> !lastRun.equals(Monitors.lastCheckId(a.api(), id)));

      assertThat(first.callers()).as("the old target is no longer probed").hasSize(firstCalls);
      JsonNode run = Api.json(a.api().get("/api/v1/checks/" + Monitors.lastCheckId(a.api(), id)).body());
      JsonNode previous = Api.json(a.api().get("/api/v1/checks/" + lastRun).body());
      assertThat(Duration.between(Instant.parse(previous.get("createdAt").asText()), Instant.parse(run.get("createdAt").asText())))
          .as("runs of a confirmed state are intervalSeconds apart").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(run.get("target").asText()).isEqualTo(second.url());
      assertThat(texts(run.get("regions"), "region")).containsExactlyInAnyOrder("eu-west", "us-east");
      assertThat(receiver.accepted("/after")).allMatch(r -> WebhookReceiver.signedWith(r, "other"));
      assertThat(receiver.all()).noneMatch(r -> r.path().equals("/before"));
      assertThat(Monitors.get(b.api(), id).get("incidents").get(0).get("kind").asText()).isEqualTo("GLOBAL_OUTAGE");
      delete(id);
    }
  }

  @Test
  @Order(2)
  void aBadChangeIsAProblemNamingEachBadFieldAndChangesNothing() {
    try (TargetServer target = TargetServer.ok(agents.vertx())) {
      String id = Monitors.create(a.api(), Monitors.body(target.url(), REGIONS, 2, receiver.url("/bad"), SECRET));
      JsonNode before = Monitors.get(a.api(), id);

      HttpResponse<String> res = put(a.api(), "/api/v1/monitors/" + id, "{\"target\":\"ftp://x\",\"intervalSeconds\":0,"
          + "\"confirmations\":11,\"notifyOn\":[\"UP\"],\"notify\":[{\"type\":\"pigeon\"}],\"colour\":\"red\"}");
      assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
      assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
      JsonNode errors = Api.json(res.body()).get("errors");
      assertThat(texts(errors, "field")).contains("target", "intervalSeconds", "confirmations", "notifyOn",
          "notify[0].type", "colour");
      assertThat(errors).filteredOn(e -> e.get("field").asText().equals("intervalSeconds"))
          .allSatisfy(e -> assertThat(e.get("message").asText()).contains("minimum here is 1 s"));
      for (String junk : new String[] {"not json", "", "[1]"}) {
        HttpResponse<String> bad = put(a.api(), "/api/v1/monitors/" + id, junk);
        assertThat(bad.statusCode()).as(junk).isEqualTo(400);
        assertThat(texts(Api.json(bad.body()).get("errors"), "field")).as(junk).containsExactly("body");
      }
      HttpResponse<String> unknown = put(a.api(), "/api/v1/monitors/m-nosuch",
          Monitors.body(target.url(), REGIONS, 2, receiver.url("/bad"), SECRET));
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(texts(Api.json(unknown.body()).get("errors"), "field")).containsExactly("id");

      for (Api api : List.of(a.api(), b.api())) {
        JsonNode after = Monitors.get(api, id);
        for (String field : List.of("target", "intervalSeconds", "confirmations", "notifyOn", "notify", "regions", "name")) {
          assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }
      }
      delete(id);
    }
  }

  @Test
  @Order(3)
  void watchingACheckThatIsNotAnOutageIsAConflictAndMakesNoMonitor() {
    try (TargetServer up = TargetServer.ok(agents.vertx())) {
      String checkId = finalCheck(up.url(), "UP");
      HttpResponse<String> res = a.api().post("/api/v1/checks/" + checkId + "/watch", notify("/not-an-outage"));
      assertThat(res.statusCode()).as(res.body()).isEqualTo(409);
      assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
      assertThat(Api.json(res.body()).get("detail").asText()).contains(checkId).contains("UP");
      for (Api api : List.of(a.api(), b.api())) {
        assertThat(Api.json(api.get("/api/v1/monitors").body()))
            .noneMatch(m -> m.get("target").asText().equals(up.url()));
      }
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // moves the coordinators' clock a day ahead: last
  void aWatchOfATargetThatStaysDownEndsOnItsOwnAfterTwentyFourHoursUntold() {
    String deadTarget = "http://127.0.0.1:" + closedPort() + "/";
    String checkId = finalCheck(deadTarget, "GLOBAL_OUTAGE");
    HttpResponse<String> res = a.api().post("/api/v1/checks/" + checkId + "/watch", notify("/expiry"));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    JsonNode watch = Api.json(res.body());
    String id = watch.get("id").asText();
    assertThat(watch.get("temporary").asBoolean()).isTrue();
    assertThat(Duration.between(Instant.parse(watch.get("createdAt").asText()), Instant.parse(watch.get("expiresAt").asText())))
        .isEqualTo(Duration.ofHours(24));

    // it runs on while the target stays down, and does not end before its time
    String first = Monitors.lastCheckId(a.api(), id);
    await("a run").atMost(SOON).until(() -> !first.equals(Monitors.lastCheckId(a.api(), id)));
    String second = Monitors.lastCheckId(a.api(), id);
    await("another run").atMost(SOON).until(() -> !second.equals(Monitors.lastCheckId(a.api(), id)));
    assertThat(Monitors.state(b.api(), id)).isEqualTo("GLOBAL_OUTAGE");

    CLOCK.ahead(Duration.ofHours(24).plusMinutes(1));
    try {
      await("the watch ended on its own").atMost(SOON)
          .until(() -> a.api().get("/api/v1/monitors/" + id).statusCode() == 404
              && b.api().get("/api/v1/monitors/" + id).statusCode() == 404);
    } finally {
      CLOCK.ahead(Duration.ZERO);
    }
    assertThat(receiver.all()).noneMatch(r -> r.path().equals("/expiry"));
  }

  /** The monitor as moved by the PUT above: its definition, secrets never shown. */
  private static void assertChanged(JsonNode m, String target, String hook) {
    assertThat(m.get("target").asText()).isEqualTo(target);
    assertThat(m.get("name").asText()).isEqualTo("moved");
    assertThat(m.get("intervalSeconds").asInt()).isEqualTo(2);
    assertThat(m.get("timeoutMs").asInt()).isEqualTo(1500);
    assertThat(m.get("slowMs").asInt()).isEqualTo(1200);
    assertThat(m.get("confirmations").asInt()).isEqualTo(2);
    assertThat(texts(m.get("regions"), null)).containsExactly("eu-west", "us-east");
    assertThat(texts(m.get("notifyOn"), null)).containsExactly("GLOBAL_OUTAGE");
    assertThat(m.get("notify")).hasSize(1);
    // the URL is a credential: shown as scheme and host only, even to its owner
    assertThat(m.get("notify").get(0).get("url").asText()).isEqualTo(Channel.redact(hook)).doesNotContain("/after");
    assertThat(m.get("notify").get(0).has("secret")).isFalse();
  }

  private static JsonNode listed(Api api, String id) {
    for (JsonNode m : Api.json(api.get("/api/v1/monitors").body())) {
      if (m.get("id").asText().equals(id)) {
        return m;
      }
    }
    throw new AssertionError(id + " not listed");
  }

  /** A check of the target from every region, final, with the verdict expected; its id. */
  private static String finalCheck(String target, String verdict) {
    String rs = REGIONS.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
    String id = a.api().submit("{\"target\":\"" + target + "\",\"regions\":[" + rs + "],\"timeoutMs\":1000}").id();
    assertThat(a.api().awaitFinal(id, SOON).verdict().name()).isEqualTo(verdict);
    return id;
  }

  private static String notify(String hook) {
    return "{\"notify\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url(hook) + "\",\"secret\":\"" + SECRET + "\"}]}";
  }

  private static HttpResponse<String> put(Api api, String path, String body) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      return Contract.check(HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void delete(String id) {
    assertThat(a.api().delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
    await("deleted").atMost(SOON).until(() -> b.api().get("/api/v1/monitors/" + id).statusCode() == 404);
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
    return out;
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
