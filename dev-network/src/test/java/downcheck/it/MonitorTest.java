package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.testing.Api;
import downcheck.testing.ScriptedDns;
import downcheck.testing.SseClient;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TestNetwork;
import downcheck.testing.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Monitors on real parts: the embedded broker, Hazelcast, agents in three healthy regions and two
 * whose own network is broken, targets the tests stop and start, and a real webhook receiver.
 */
class MonitorTest {
  static final Duration SOON = Duration.ofSeconds(20);
  static final List<String> HEALTHY = List.of("eu-west", "us-east", "ap-south");
  static final String SECRET = "s3cret";

  static TestNetwork net;
  static Api api;
  static WebhookReceiver receiver;

  @BeforeAll
  static void startNetwork() throws Exception {
    net = TestNetwork.start(Duration.ofMillis(1000), Set.of(), 0, 0, List.of("--monitor-min-interval-seconds", "1",
        "--monitor-tick-ms", "100"));
    api = net.api();
    receiver = new WebhookReceiver(net.vertx());
    var canary = downcheck.testing.TargetServer.ok(net.vertx());
    String deadCanary = "http://127.0.0.1:" + EndToEndTest.closedPort() + "/";
    net.startAgent(net.agent("eu-west", "eu-west-a1", "127.0.0.2", List.of(canary.url())));
    net.startAgent(net.agent("us-east", "us-east-a1", "127.0.0.3", List.of(canary.url())));
    net.startAgent(net.agent("ap-south", "ap-south-a1", "127.0.0.4", List.of(canary.url())));
    net.startAgent(net.agent("sa-east", "sa-east-a1", "127.0.0.7", List.of(deadCanary)));
    net.startAgent(net.agent("af-south", "af-south-a1", "127.0.0.8", List.of(deadCanary)));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aTargetDownThenBackIsToldOnceEachWaySignedWithItsIncidentRecorded() throws Exception {
    String hook = "/down-up";
    try (SwitchableTarget target = SwitchableTarget.ok(net.vertx())) {
      String id = Monitors.create(api, Monitors.body(target.url(), HEALTHY, 2, receiver.url(hook), SECRET));
      await("monitor UP").atMost(SOON).until(() -> Monitors.state(api, id).equals("UP"));
      try (SseClient stream = new SseClient(api.base() + "/api/v1/monitors/" + id + "/events")) {
        target.stop();
        await("down told").atMost(SOON).until(() -> Monitors.events(receiver.accepted(hook)).contains("monitor.down"));
        target.start();
        await("up told").atMost(SOON).until(() -> Monitors.events(receiver.accepted(hook)).contains("monitor.up"));
        List<String> states = new ArrayList<>();
        await("state events").atMost(SOON).until(() -> {
          states.add(Api.json(stream.next(SOON).data()).get("state").asText());
          return states.contains("GLOBAL_OUTAGE") && states.get(states.size() - 1).equals("UP");
        });
      }
      String lastRun = Monitors.lastCheckId(api, id);
      await("two more runs").atMost(SOON).until(() -> !lastRun.equals(Monitors.lastCheckId(api, id)));

      assertThat(Monitors.events(receiver.accepted(hook))).containsExactly("monitor.down", "monitor.up");
      assertThat(receiver.accepted(hook)).allSatisfy(r -> {
        JsonNode n = Api.json(r.body());
        assertThat(WebhookReceiver.signedWith(r, SECRET)).as("signature of " + r.body()).isTrue();
        assertThat(r.header("X-Downcheck-Event")).isEqualTo(n.get("event").asText());
        assertThat(r.header("X-Downcheck-Delivery")).isEqualTo(n.get("deliveryId").asText());
        assertThat(n.get("monitor").get("id").asText()).isEqualTo(id);
        assertThat(n.get("monitor").get("notify").get(0).has("secret")).isFalse();
      });
      JsonNode monitor = Monitors.get(api, id);
      assertThat(monitor.get("state").asText()).isEqualTo("UP");
      JsonNode incident = monitor.get("incidents").get(0);
      assertThat(incident.get("kind").asText()).isEqualTo("GLOBAL_OUTAGE");
      assertThat(incident.get("cause").asText()).isEqualTo("REFUSED");
      assertThat(incident.get("startedAt").asText()).isNotEmpty();
      assertThat(incident.get("endedAt").asText()).isNotEmpty();
      // every region saw it down; one that answered too late for both confirming runs may be absent
      assertThat(texts(incident.get("regions"))).isNotEmpty().isSubsetOf(HEALTHY);
      assertThat(monitor.get("uptime").get("24h").asDouble()).isBetween(0.01, 0.99);
      JsonNode deliveries = Api.json(api.get("/api/v1/monitors/" + id + "/deliveries").body());
      assertThat(deliveries).extracting(d -> d.get("status").asInt()).containsOnly(200);
      String metrics = api.get("/metrics").body();
      assertThat(metrics).contains("downcheck_monitor_state{monitor=\"" + id + "\"} 1.0")
          .containsPattern("downcheck_monitor_notifications_total\\{.*outcome=\"delivered\".*} [1-9]");
      assertThat(api.get("/api/v1/monitors/" + id + "/badge.svg").body()).startsWith("<svg").contains("up");
      delete(id);
    }
  }

  @Test
  void aDnsMonitorAsksItsRecordTypeOfItsResolverOnEveryRun() {
    try (ScriptedDns dns = new ScriptedDns().mx("mail.monitored.test", Map.of("127.0.0.2", "mx.monitored.test",
        "127.0.0.3", "mx.monitored.test"))) {
      String id = Monitors.create(api, "{\"target\":\"dns://mail.monitored.test\",\"intervalSeconds\":1,\"confirmations\":1,"
          + "\"timeoutMs\":2000,\"regions\":[\"eu-west\",\"us-east\"],"
          + "\"dns\":{\"type\":\"MX\",\"resolver\":\"" + dns.address() + "\"}}");
      await("monitor UP").atMost(SOON).until(() -> Monitors.state(api, id).equals("UP"));

      assertThat(Monitors.get(api, id).get("dns").get("type").asText()).isEqualTo("MX");
      CheckView run = api.check(Monitors.lastCheckId(api, id));
      assertThat(run.regions()).flatExtracting(RegionReport::results).isNotEmpty()
          .allSatisfy(r -> assertThat(r.dns().records()).containsExactly("10 mx.monitored.test."));
      delete(id);
    }
  }

  @Test
  void oneRegionLosingTheTargetIsOneRegionalOutageNamingIt() {
    String hook = "/regional";
    try (SwitchableTarget target = new SwitchableTarget(net.vertx(), req -> {
      if (req.remoteAddress().host().equals("127.0.0.3")) {
        req.connection().close(); // us-east cannot get an answer
      } else {
        req.response().end("ok");
      }
    })) {
      String withSlack = Monitors.body(target.url(), HEALTHY, 2, receiver.url(hook), SECRET)
          .replace("}]}", "},{\"type\":\"slack\",\"url\":\"" + receiver.url("/regional-slack") + "\"}]}");
      String id = Monitors.create(api, withSlack);
      await("regional told").atMost(SOON).until(() -> Monitors.events(receiver.accepted(hook)).contains("monitor.regional"));
      await("slack told").atMost(SOON).until(() -> !receiver.accepted("/regional-slack").isEmpty());
      assertThat(Api.json(receiver.accepted("/regional-slack").get(0).body()).get("text").asText())
          .contains("is down in us-east");
      JsonNode body = Api.json(receiver.accepted(hook).get(0).body());
      assertThat(texts(body.get("incident").get("regions"))).containsExactly("us-east");
      String lastRun = Monitors.lastCheckId(api, id);
      await("another run").atMost(SOON).until(() -> !lastRun.equals(Monitors.lastCheckId(api, id)));
      assertThat(Monitors.events(receiver.accepted(hook))).containsExactly("monitor.regional");
      assertThat(Monitors.state(api, id)).isEqualTo("REGIONAL_OUTAGE");
      delete(id);
    }
  }

  @Test
  void whenEveryAgentIsImpairedTheStateIsUnknownAndNoOneIsAlerted() throws Exception {
    String hook = "/impaired";
    String deadTarget = "http://127.0.0.1:" + EndToEndTest.closedPort() + "/";
    String id = Monitors.create(api, Monitors.body(deadTarget, List.of("sa-east", "af-south"), 2, receiver.url(hook), SECRET));
    await("UNKNOWN").atMost(SOON).until(() -> Monitors.state(api, id).equals("UNKNOWN"));
    // two confirming runs more (an alert needs two), as the flap test waits: still no one told
    for (int run = 0; run < 2; run++) {
      String lastRun = Monitors.lastCheckId(api, id);
      await("another run").atMost(SOON).until(() -> !lastRun.equals(Monitors.lastCheckId(api, id)));
    }
    JsonNode monitor = Monitors.get(api, id);
    assertThat(monitor.get("state").asText()).isEqualTo("UNKNOWN");
    assertThat(monitor.get("lastCheck").get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(monitor.get("incidents")).isEmpty();
    assertThat(Api.json(api.get("/api/v1/monitors/" + id + "/deliveries").body())).isEmpty();
    assertThat(receiver.all()).noneMatch(r -> r.path().equals(hook));
    delete(id);
  }

  @Test
  void aTargetDownForOneRunNeverAlertsWithTwoConfirmations() {
    String hook = "/flap";
    AtomicInteger failures = new AtomicInteger();
    try (SwitchableTarget target = new SwitchableTarget(net.vertx(), req -> {
      boolean fail = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      req.response().setStatusCode(fail ? 500 : 200).end(fail ? "broken" : "ok");
    })) {
      String id = Monitors.create(api, Monitors.body(target.url(), HEALTHY, 2, receiver.url(hook), SECRET));
      await("monitor UP").atMost(SOON).until(() -> Monitors.state(api, id).equals("UP"));
      failures.set(HEALTHY.size()); // one answer per region: one run sees the target down
      await("the flap ran").atMost(SOON).until(() -> failures.get() == 0);
      String afterFlap = Monitors.lastCheckId(api, id);
      await("runs after the flap").atMost(SOON).until(() -> !afterFlap.equals(Monitors.lastCheckId(api, id)));

      List<CheckView> history = historyOf(target.url());
      assertThat(history).extracting(c -> c.verdict().name()).contains("GLOBAL_OUTAGE", "UP");
      assertThat(Monitors.state(api, id)).isEqualTo("UP");
      assertThat(Monitors.get(api, id).get("incidents")).isEmpty();
      assertThat(receiver.all()).noneMatch(r -> r.path().equals(hook));
      delete(id);
    }
  }

  @Test
  void aReceiverFailingTwiceGetsItOnTheThirdAttemptAllLogged() throws Exception {
    try (WebhookReceiver flaky = new WebhookReceiver(net.vertx(), 500, 500)) {
      String deadTarget = "http://127.0.0.1:" + EndToEndTest.closedPort() + "/";
      String id = Monitors.create(api, Monitors.body(deadTarget, HEALTHY, 1, flaky.url("/flaky"), SECRET));
      await("delivered").atMost(SOON).until(() -> flaky.accepted("/flaky").size() == 1);
      JsonNode log = Api.json(api.get("/api/v1/monitors/" + id + "/deliveries").body());
      assertThat(log).hasSize(3);
      assertThat(log).extracting(d -> d.get("status").asInt()).containsExactly(200, 500, 500);
      assertThat(log).extracting(d -> d.get("attempt").asInt()).containsExactly(3, 2, 1);
      assertThat(log).extracting(d -> d.get("deliveryId").asText()).containsOnly(log.get(0).get("deliveryId").asText());
      assertThat(flaky.all()).hasSize(3).extracting(WebhookReceiver.Received::body).containsOnly(flaky.all().get(0).body());
      // with backoff: the second attempt 1 s after the first, the third 2 s after the second (docs/monitors.md);
      // a loaded machine only makes a gap longer, and would need to add a whole second to the first
      List<WebhookReceiver.Received> attempts = flaky.all();
      Duration firstGap = Duration.between(attempts.get(0).at(), attempts.get(1).at());
      Duration secondGap = Duration.between(attempts.get(1).at(), attempts.get(2).at());
      assertThat(firstGap).isBetween(Duration.ofMillis(950), Duration.ofMillis(1950));
      assertThat(secondGap).isGreaterThanOrEqualTo(Duration.ofMillis(1950));
      delete(id);
    }
  }

  @Test
  void tellMeWhenItsBackNotifiesOnceThenEnds() {
    String hook = "/watch";
    try (SwitchableTarget target = SwitchableTarget.ok(net.vertx())) {
      target.stop();
      CheckView down = api.awaitFinal(api.submit(EndToEndTest.body(target.url(), HEALTHY, 1000)).id(), SOON);
      assertThat(down.verdict().name()).isEqualTo("GLOBAL_OUTAGE");
      HttpResponse<String> res = api.post("/api/v1/checks/" + down.id() + "/watch",
          "{\"notify\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url(hook) + "\",\"secret\":\"" + SECRET + "\"}]}");
      assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
      String id = Api.json(res.body()).get("id").asText();
      assertThat(Api.json(res.body()).get("state").asText()).isEqualTo("GLOBAL_OUTAGE");
      target.start();
      await("back told").atMost(SOON).until(() -> Monitors.events(receiver.accepted(hook)).contains("monitor.up"));
      await("the watch ended").atMost(SOON).until(() -> api.get("/api/v1/monitors/" + id).statusCode() == 404);
      assertThat(Monitors.events(receiver.accepted(hook))).containsExactly("monitor.up");
      assertThat(receiver.accepted(hook)).allMatch(r -> WebhookReceiver.signedWith(r, SECRET));
    }
  }

  @Test
  void theCliWatchWaitsUntilTheTargetIsBackThenExitsZero() throws Exception {
    try (SwitchableTarget target = SwitchableTarget.ok(net.vertx())) {
      target.stop();
      java.io.StringWriter out = new java.io.StringWriter();
      picocli.CommandLine cli = new picocli.CommandLine(new downcheck.cli.CheckCommand())
          .setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(out, true));
      java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(() ->
          cli.execute("--server", api.base(), "--no-local", "--timeout-ms", "1000", "--regions", String.join(",", HEALTHY),
              "--watch", target.url()));
      await("watching").atMost(SOON).until(() -> out.toString().contains("watching "));
      target.start();
      assertThat(exit.get(20, java.util.concurrent.TimeUnit.SECONDS)).as(out.toString()).isZero();
      assertThat(out.toString()).contains("GLOBAL_OUTAGE").contains("back up at");
    }
  }

  @Test
  void aMonitorOfAPingTargetIsAcceptedAndItsRunsPing() {
    String id = Monitors.create(api, Monitors.body("ping://127.0.0.1", HEALTHY, 1, receiver.url("/ping"), SECRET));
    await("monitor UP").atMost(SOON).until(() -> Monitors.state(api, id).equals("UP"));
    JsonNode run = Api.json(api.get("/api/v1/checks/" + Monitors.lastCheckId(api, id)).body());
    assertThat(run.get("regions").findValues("ping")).hasSize(3)
        .allSatisfy(p -> assertThat(p.get("received").asInt()).isEqualTo(3));
    assertThat(api.delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
  }

  @Test
  void badInputIsA400NamingEveryBadField() {
    HttpResponse<String> res = api.post("/api/v1/monitors", "{\"intervalSeconds\":0,\"confirmations\":0,"
        + "\"notifyOn\":[\"UP\"],\"timeoutMs\":5,\"notify\":[{\"type\":\"pigeon\"},{\"type\":\"webhook\",\"url\":\"ftp://x\"}],\"color\":\"red\"}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    JsonNode errors = Api.json(res.body()).get("errors");
    assertThat(errors).extracting(e -> e.get("field").asText()).contains("target", "intervalSeconds", "confirmations",
        "notifyOn", "timeoutMs", "notify[0].type", "notify[1].url", "color");
    assertThat(errors).filteredOn(e -> e.get("field").asText().equals("intervalSeconds"))
        .allSatisfy(e -> assertThat(e.get("message").asText()).contains("minimum here is 1 s"));
    assertThat(api.post("/api/v1/monitors", "not json").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/monitors/m-nosuch").statusCode()).isEqualTo(404);
    assertThat(api.post("/api/v1/checks/c-nosuch/watch", "").statusCode()).isEqualTo(404);
  }

  private static List<CheckView> historyOf(String url) {
    List<CheckView> out = new ArrayList<>();
    for (JsonNode n : Api.json(api.get("/api/v1/targets/127.0.0.1/history?limit=50").body())) {
      CheckView c = downcheck.model.wire.Codec.fromJson(n.toString(), CheckView.class);
      if (c.target().equals(url)) {
        out.add(c);
      }
    }
    return out;
  }

  private static void delete(String id) {
    HttpResponse<String> res = net.api().get("/api/v1/monitors/" + id);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(api.delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
    await("deleted").atMost(SOON).until(() -> api.get("/api/v1/monitors/" + id).statusCode() == 404);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
