package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.testing.Api;
import downcheck.testing.Contract;
import downcheck.testing.MovableClock;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.TlsTarget;
import downcheck.testing.WebhookReceiver;
import io.vertx.core.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Certificate expiry alerts and maintenance windows on real parts: the embedded broker, a
 * coordinator on a clock the test moves forward, agents in two regions, an https target whose
 * certificate the test makes and renews, and a webhook receiver.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorCertificateAndMaintenanceTest {
  static final Duration SOON = Duration.ofSeconds(30);
  static final List<String> REGIONS = List.of("eu-west", "us-east");
  /** The coordinator's clock runs up to a few minutes ahead of the agents': one heartbeat every 90 s keeps them live. */
  static final String HEARTBEAT_MS = "90000";
  static final MovableClock CLOCK = new MovableClock();
  static TestNetwork net;
  static WebhookReceiver receiver;
  static TlsTarget tls;
  static Runnable untrust;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(CLOCK, Duration.ofMillis(1000), Set.of(), 0, 0,
        List.of("--monitor-min-interval-seconds", "1", "--monitor-tick-ms", "100"));
    tls = new TlsTarget(net.vertx(), Duration.ofDays(5).plusHours(1));
    untrust = tls.trustInThisJvm(); // before the agents make their TLS clients
    TargetServer canary = TargetServer.ok(net.vertx());
    for (int i = 0; i < REGIONS.size(); i++) {
      net.startAgent(net.agent(REGIONS.get(i), REGIONS.get(i) + "-a1", "127.0.0." + (2 + i), List.of(canary.url()),
          "--heartbeat-interval-ms", HEARTBEAT_MS));
    }
    receiver = new WebhookReceiver(net.vertx());
  }

  @AfterAll
  static void stopNetwork() {
    if (untrust != null) {
      untrust.run();
    }
    if (tls != null) {
      tls.close();
    }
    if (net != null) {
      net.close();
    }
  }

  @Test
  @Order(1)
  void aCertificateFiveDaysFromExpiryIsToldOnceAndARenewalReArmsIt() {
    // ipVersion 4 travels with every run to the agents, which dial only IPv4 (the target is 127.0.0.1)
    String body = "{\"target\":\"" + tls.url() + "\",\"intervalSeconds\":1,\"timeoutMs\":2000,\"confirmations\":1,"
        + "\"ipVersion\":4,\"certExpiryDays\":14,\"notify\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/cert") + "\"}]}";
    String id = Monitors.create(net.api(), body);
    await("the expiry told").atMost(SOON).until(() -> certNotices().size() == 1);
    JsonNode told = Api.json(certNotices().get(0).body());
    Contract.get().validateAt("the certificate notice", "/components/schemas/Notification",
        Json.decodeValue(certNotices().get(0).body()));
    assertThat(told.get("certificate").get("daysLeft").asInt()).isEqualTo(5);
    assertThat(texts(told.get("certificate").get("regions"))).containsExactlyInAnyOrderElementsOf(REGIONS);
    assertThat(told.get("monitor").get("id").asText()).isEqualTo(id);
    assertThat(told.get("monitor").get("certExpiryDays").asInt()).isEqualTo(14);
    assertThat(told.get("monitor").get("ipVersion").asInt()).isEqualTo(4);
    // a certificate close to expiry is no outage (the notice may come with a first run that could not tell)
    await("UP").atMost(SOON).until(() -> Monitors.state(net.api(), id).equals("UP"));

    String seen = Monitors.lastCheckId(net.api(), id);
    await("two more runs").atMost(SOON).until(() -> runsSince(id, seen) >= 2);
    assertThat(certNotices()).as("once per crossing, not per run").hasSize(1);

    tls.renew(Duration.ofDays(90).plusHours(1));
    await("the renewed certificate seen").atMost(SOON)
        .until(() -> Monitors.get(net.api(), id).get("certificate").get("daysLeft").asInt() == 90);
    assertThat(Monitors.get(net.api(), id).get("certificate").get("told").asBoolean()).isFalse();
    assertThat(certNotices()).hasSize(1);

    tls.renew(Duration.ofDays(5).plusHours(1)); // a renewal gone wrong: the old certificate is back
    await("the next crossing told").atMost(SOON).until(() -> certNotices().size() == 2);
    delete(id);
  }

  @Test
  @Order(2)
  void badWindowsAndThresholdsAreProblemsNamingTheField() {
    HttpResponse<String> res = net.api().post("/api/v1/monitors", "{\"target\":\"https://example.com/\","
        + "\"certExpiryDays\":0,\"ipVersion\":5,\"maintenance\":[{\"start\":\"2026-12-24T22:00:00\",\"durationMinutes\":60,"
        + "\"timeZone\":\"Mars/Olympus_Mons\"},{\"start\":\"2026-12-24 22:00\",\"timeZone\":\"UTC\","
        + "\"weekdays\":[\"FUNDAY\"]}]}");
    assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
    assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    JsonNode errors = Api.json(res.body()).get("errors");
    assertThat(fields(errors)).contains("certExpiryDays", "ipVersion", "maintenance[0].timeZone", "maintenance[1].start",
        "maintenance[1].durationMinutes", "maintenance[1].weekdays");
    assertThat(errors.toString()).contains("Mars/Olympus_Mons").contains("FUNDAY");

    HttpResponse<String> set = net.api().post("/api/v1/maintenance", "{\"monitors\":[\"m-nosuch\"],\"windows\":"
        + "[{\"start\":\"2026-12-24T22:00:00\",\"durationMinutes\":60,\"timeZone\":\"Europe/Berlin \"}]}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(400);
    assertThat(fields(Api.json(set.body()).get("errors"))).containsExactlyInAnyOrder("monitors[0]", "windows[0].timeZone");
  }

  @Test
  @Order(3)
  void aMaintenanceOfASetOfMonitorsShowsThemInMaintenanceUntilItIsDeleted() {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      String id = Monitors.create(net.api(), Monitors.body(target.url(), REGIONS, 1, receiver.url("/set"), "s"));
      await("UP").atMost(SOON).until(() -> Monitors.state(net.api(), id).equals("UP"));
      // St. John's is 3 h 30 min behind UTC: a half-hour offset
      ZoneId zone = ZoneId.of("America/St_Johns");
      Instant start = CLOCK.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
      String window = window(LocalDateTime.ofInstant(start, zone), 30, zone.getId(), null);
      HttpResponse<String> made = net.api().post("/api/v1/maintenance",
          "{\"name\":\"database move\",\"monitors\":[\"" + id + "\"],\"windows\":[" + window + "]}");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
      String mid = Api.json(made.body()).get("id").asText();
      assertThat(mid).startsWith("w-");
      assertThat(made.headers().firstValue("Location")).hasValue("/api/v1/maintenance/" + mid);

      await("MAINTENANCE").atMost(SOON).until(() -> Monitors.state(net.api(), id).equals("MAINTENANCE"));
      JsonNode m = Monitors.get(net.api(), id);
      assertThat(Instant.parse(m.get("since").asText())).isEqualTo(start);
      assertThat(Instant.parse(m.get("until").asText())).isEqualTo(start.plus(Duration.ofMinutes(30)));
      assertThat(Api.json(net.api().get("/api/v1/maintenance").body())).anyMatch(x -> x.get("id").asText().equals(mid));
      JsonNode one = Api.json(net.api().get("/api/v1/maintenance/" + mid).body());
      assertThat(one.get("windows").get(0).get("timeZone").asText()).isEqualTo("America/St_Johns");
      assertThat(one.has("owner")).isFalse();

      HttpResponse<String> changed = net.api().put("/api/v1/maintenance/" + mid,
          "{\"name\":\"database move, longer\",\"monitors\":[\"" + id + "\"],\"windows\":["
              + window(LocalDateTime.ofInstant(start, zone), 45, zone.getId(), null) + "]}");
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
      await("the longer window").atMost(SOON).until(() -> Instant.parse(Monitors.get(net.api(), id).get("until").asText())
          .equals(start.plus(Duration.ofMinutes(45))));

      assertThat(net.api().delete("/api/v1/maintenance/" + mid).statusCode()).isEqualTo(204);
      await("back to UP").atMost(SOON).until(() -> Monitors.state(net.api(), id).equals("UP"));
      assertThat(net.api().get("/api/v1/maintenance/" + mid).statusCode()).isEqualTo(404);
      assertThat(receiver.all()).noneMatch(r -> r.path().equals("/set"));
      delete(id);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // moves the coordinator's clock: last
  void anOutageInAWeeklyWindowAcrossTheDateLineIsToldOnceAfterItAndItsRunsDoNotCountInUptime() {
    try (SwitchableTarget target = SwitchableTarget.ok(net.vertx())) {
      String plain = Monitors.body(target.url(), REGIONS, 1, receiver.url("/maint"), "s");
      String id = Monitors.create(net.api(), plain);
      await("UP").atMost(SOON).until(() -> Monitors.state(net.api(), id).equals("UP"));

      // Kiritimati is UTC+14: its wall clock is on another date than UTC's for most of the day
      ZoneId zone = ZoneId.of("Pacific/Kiritimati");
      Instant start = CLOCK.instant().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
      LocalDateTime local = LocalDateTime.ofInstant(start, zone);
      String day = local.getDayOfWeek().name().substring(0, 3);
      String withWindow = plain.substring(0, plain.length() - 1) + ",\"maintenance\":["
          + window(local.minusWeeks(2), 1, zone.getId(), day) + "]}";
      HttpResponse<String> put = net.api().put("/api/v1/monitors/" + id, withWindow);
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      assertThat(Api.json(put.body()).get("maintenance").get(0).get("weekdays").get(0).asText()).isEqualTo(day);
      assertThat(Monitors.state(net.api(), id)).isEqualTo("UP");

      CLOCK.forwardTo(start);
      await("MAINTENANCE").atMost(SOON).until(() -> Monitors.state(net.api(), id).equals("MAINTENANCE"));
      assertThat(Instant.parse(Monitors.get(net.api(), id).get("until").asText())).isEqualTo(start.plusSeconds(60));
      target.stop();
      String first = Monitors.lastCheckId(net.api(), id);
      await("runs go on and see it down").atMost(SOON).until(() -> {
        JsonNode m = Monitors.get(net.api(), id);
        return !first.equals(m.get("lastCheck").get("id").asText())
            && m.get("lastCheck").get("verdict").asText().equals("GLOBAL_OUTAGE");
      });
      String downRun = Monitors.lastCheckId(net.api(), id);
      await("another run").atMost(SOON).until(() -> !downRun.equals(Monitors.lastCheckId(net.api(), id)));
      JsonNode inside = Monitors.get(net.api(), id);
      assertThat(inside.get("state").asText()).isEqualTo("MAINTENANCE");
      assertThat(inside.get("uptime").get("24h").asDouble()).as("down runs in maintenance are not counted").isEqualTo(1.0);
      assertThat(receiver.all()).as("no one is told in maintenance").noneMatch(r -> r.path().equals("/maint"));

      CLOCK.forwardTo(start.plusSeconds(60));
      await("the outage told after the window").atMost(SOON)
          .until(() -> Monitors.events(receiver.accepted("/maint")).contains("monitor.down"));
      assertThat(Monitors.state(net.api(), id)).isEqualTo("GLOBAL_OUTAGE");
      String after = Monitors.lastCheckId(net.api(), id);
      await("two more runs").atMost(SOON).until(() -> runsSince(id, after) >= 2);
      assertThat(Monitors.events(receiver.accepted("/maint"))).as("told once").containsExactly("monitor.down");
      Contract.get().validateAt("the notice after the window", "/components/schemas/Notification",
          Json.decodeValue(receiver.accepted("/maint").get(0).body()));
      delete(id);
    }
  }

  private static List<WebhookReceiver.Received> certNotices() {
    return receiver.accepted("/cert").stream()
        .filter(r -> "monitor.certificate_expiring".equals(r.header("X-Downcheck-Event"))).toList();
  }

  /** Distinct runs seen after {@code since}, counted by looking (at least one per look that saw a new one). */
  private static final java.util.Map<String, java.util.Set<String>> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

  private static int runsSince(String id, String since) {
    String now = Monitors.lastCheckId(net.api(), id);
    java.util.Set<String> seen = RUNS.computeIfAbsent(id + since, k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
    if (now != null && !now.equals(since)) {
      seen.add(now);
    }
    return seen.size();
  }

  private static String window(LocalDateTime start, int minutes, String zone, String weekday) {
    return "{\"start\":\"" + start + "\",\"durationMinutes\":" + minutes + ",\"timeZone\":\"" + zone + "\""
        + (weekday == null ? "" : ",\"weekdays\":[\"" + weekday + "\"]") + "}";
  }

  private static void delete(String id) {
    assertThat(net.api().delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> fields(JsonNode errors) {
    List<String> out = new ArrayList<>();
    errors.forEach(e -> out.add(e.get("field").asText()));
    return out;
  }
}
