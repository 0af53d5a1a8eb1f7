package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import downcheck.testing.WebhookReceiver;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a receiver of monitor notifications sees, on real parts (the embedded broker, Hazelcast,
 * agents in three regions, real HTTP receivers): retries at 1, 2, 4, 8 s and then giving up, and
 * slowness told as {@code monitor.degraded}.
 */
class MonitorDeliveryTest {
  static final Duration SOON = Duration.ofSeconds(30);
  static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
  static final String SECRET = "s3cret";
  /** The waits before the 2nd, 3rd, 4th and 5th attempt (docs/monitors.md: 1 s, 2 s, 4 s …, 5 attempts). */
  static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
      Duration.ofSeconds(8));

  static TestNetwork net;
  static Api api;
  static WebhookReceiver receiver;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1000), Set.of(), 0, 0, List.of("--monitor-min-interval-seconds", "1",
        "--monitor-tick-ms", "100"));
    api = net.api();
    receiver = new WebhookReceiver(net.vertx());
    TargetServer canary = TargetServer.ok(net.vertx());
    for (int i = 0; i < REGIONS.size(); i++) {
      net.startAgent(net.agent(REGIONS.get(i), REGIONS.get(i) + "-a1", "127.0.0." + (2 + i), List.of(canary.url())));
    }
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aReceiverThatFailsEveryAttemptIsTriedAfter1_2_4And8SecondsThenTheDeliveryIsAbandoned() {
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    HttpServer failing = Wait.on(net.vertx().createHttpServer().requestHandler(req -> req.body().onComplete(body -> {
      arrivals.add(System.nanoTime());
      req.response().setStatusCode(503).end();
    })).listen(0, "127.0.0.1"));
    try {
      String hook = "http://127.0.0.1:" + failing.actualPort() + "/fails";
      String id = Monitors.create(api, Monitors.body("http://127.0.0.1:" + closedPort() + "/", REGIONS, 1, hook, SECRET));
      await("given up").atMost(Duration.ofSeconds(60)).until(() -> abandoned() == 1
          && Api.json(api.get("/api/v1/monitors/" + id + "/deliveries").body()).size() == BACKOFF.size() + 1);

      assertThat(arrivals).hasSize(BACKOFF.size() + 1);
      Duration before = Duration.ZERO;
      for (int i = 0; i < BACKOFF.size(); i++) {
        Duration gap = Duration.ofNanos(arrivals.get(i + 1) - arrivals.get(i));
        Duration promised = BACKOFF.get(i);
        assertThat(gap).as("wait before attempt " + (i + 2))
            .isGreaterThanOrEqualTo(promised.multipliedBy(8).dividedBy(10))
            .isLessThan(promised.multipliedBy(2).plusSeconds(3))
            .isGreaterThan(before);
        before = gap;
      }
      JsonNode log = Api.json(api.get("/api/v1/monitors/" + id + "/deliveries").body());
      assertThat(log).hasSize(BACKOFF.size() + 1);
      assertThat(log).extracting(d -> d.get("attempt").asInt()).containsExactly(5, 4, 3, 2, 1);
      assertThat(log).extracting(d -> d.get("status").asInt()).containsOnly(503);
      assertThat(log).extracting(d -> d.get("event").asText()).containsOnly("monitor.down");
      assertThat(log).extracting(d -> d.get("deliveryId").asText()).containsOnly(log.get(0).get("deliveryId").asText());
      assertThat(log).allSatisfy(d -> assertThat(d.get("error").asText()).contains("503"));
      List<Instant> at = new ArrayList<>();
      log.forEach(d -> at.add(Instant.parse(d.get("at").asText())));
      for (int i = 0; i < BACKOFF.size(); i++) {
        // newest first: attempt 5 is at(0)
        assertThat(Duration.between(at.get(BACKOFF.size() - i), at.get(BACKOFF.size() - i - 1)))
            .isGreaterThanOrEqualTo(BACKOFF.get(i).multipliedBy(8).dividedBy(10));
      }
      delete(id);
    } finally {
      Wait.on(failing.close());
    }
  }

  @Test
  void aTargetSlowFromEveryRegionIsToldDegradedOnceConfirmedAndSigned() {
    String hook = "/degraded";
    AtomicLong delayMs = new AtomicLong();
    try (TargetServer target = TargetServer.start(net.vertx(), req -> {
      long delay = delayMs.get();
      if (delay == 0) {
        req.response().end("ok");
      } else {
        net.vertx().setTimer(delay, t -> req.response().end("slow"));
      }
    })) {
      String rs = REGIONS.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
      String id = Monitors.create(api, "{\"target\":\"" + target.url() + "\",\"regions\":[" + rs + "],"
          + "\"intervalSeconds\":1,\"timeoutMs\":3000,\"slowMs\":500,\"confirmations\":2,"
          + "\"notifyOn\":[\"GLOBAL_OUTAGE\",\"DEGRADED\"],"
          + "\"notify\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url(hook) + "\",\"secret\":\"" + SECRET + "\"}]}");
      await("monitor UP").atMost(SOON).until(() -> Monitors.state(api, id).equals("UP"));

      delayMs.set(1000); // every region now waits a second for the answer, twice slowMs
      await("slowness told").atMost(SOON)
          .until(() -> Monitors.events(receiver.accepted(hook)).contains("monitor.degraded"));
      WebhookReceiver.Received told = receiver.accepted(hook).get(0);
      JsonNode body = Api.json(told.body());
      assertThat(WebhookReceiver.signedWith(told, SECRET)).as("signature of " + told.body()).isTrue();
      assertThat(told.header("X-Downcheck-Event")).isEqualTo("monitor.degraded");
      assertThat(told.header("X-Downcheck-Delivery")).isEqualTo(body.get("deliveryId").asText());
      assertThat(body.get("event").asText()).isEqualTo("monitor.degraded");
      assertThat(body.get("monitor").get("id").asText()).isEqualTo(id);
      assertThat(body.get("monitor").get("state").asText()).isEqualTo("DEGRADED");
      assertThat(body.get("check").get("verdict").asText()).isEqualTo("DEGRADED");
      JsonNode incident = body.get("incident");
      assertThat(incident.get("kind").asText()).isEqualTo("DEGRADED");
      assertThat(incident.get("endedAt").isNull()).isTrue();
      // confirmed: the first slow run started the incident, a later run confirmed it
      assertThat(Instant.parse(incident.get("startedAt").asText()))
          .isBefore(Instant.parse(body.get("check").get("at").asText()));

      String lastRun = Monitors.lastCheckId(api, id);
      await("another slow run").atMost(SOON).until(() -> !lastRun.equals(Monitors.lastCheckId(api, id)));
      assertThat(Monitors.state(api, id)).isEqualTo("DEGRADED");
      assertThat(Monitors.events(receiver.accepted(hook))).containsExactly("monitor.degraded");

      delayMs.set(0);
      await("recovery told").atMost(SOON).until(() -> Monitors.events(receiver.accepted(hook)).contains("monitor.up"));
      assertThat(Monitors.events(receiver.accepted(hook))).containsExactly("monitor.degraded", "monitor.up");
      JsonNode monitor = Monitors.get(api, id);
      assertThat(monitor.get("incidents")).hasSize(1);
      assertThat(monitor.get("incidents").get(0).get("kind").asText()).isEqualTo("DEGRADED");
      assertThat(monitor.get("incidents").get(0).get("endedAt").isNull()).isFalse();
      delete(id);
    }
  }

  /** Notifications given up on, as {@code GET /metrics} counts them. */
  private static double abandoned() {
    Matcher m = Pattern.compile("downcheck_monitor_notifications_total\\{[^}]*outcome=\"abandoned\"[^}]*} (\\S+)")
        .matcher(api.get("/metrics").body());
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }

  private static void delete(String id) {
    assertThat(api.delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
    await("deleted").atMost(SOON).until(() -> api.get("/api/v1/monitors/" + id).statusCode() == 404);
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
