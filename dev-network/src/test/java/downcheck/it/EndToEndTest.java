package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.verdict.VerdictPublisher;
import downcheck.model.agent.Location;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.Contract;
import downcheck.testing.ScriptedDns;
import downcheck.testing.SseClient;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path on real parts: HTTP in, Kafka out to agents in three regions (each bound to
 * its own loopback address, as if on its own host), results back, consensus, live streams.
 */
class EndToEndTest {
  static final List<String> THREE = List.of("eu-west", "us-east", "ap-south");
  static final Map<String, String> SOURCE = Map.of("eu-west", "127.0.0.2", "us-east", "127.0.0.3", "ap-south", "127.0.0.4");
  static final Duration FINAL_WITHIN = Duration.ofSeconds(20);

  static TestNetwork net;
  static TargetServer canary;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1500));
    api = net.api();
    canary = TargetServer.ok(net.vertx());
    for (String region : THREE) {
      net.startAgent(net.agent(region, region + "-a1", SOURCE.get(region), List.of(canary.url())));
    }
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void targetAnswering200IsUpInEveryRegion() {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView accepted = api.submit(body(target.url(), THREE, 3000));
      assertThat(accepted.isFinal()).isFalse();

      CheckView done = api.awaitFinal(accepted.id(), FINAL_WITHIN);

      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      assertThat(statusByRegion(done)).containsOnly(
          Map.entry("eu-west", RegionStatus.UP), Map.entry("us-east", RegionStatus.UP), Map.entry("ap-south", RegionStatus.UP));
      assertThat(done.quorum().reported()).isEqualTo(3);
      assertThat(results(done)).allSatisfy(r -> {
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.timings().totalMs()).isNotNull();
      });
      // each agent really probed from its own region's address
      assertThat(target.callers()).contains("127.0.0.2", "127.0.0.3", "127.0.0.4");
    }
  }

  @Test
  void aDnsCheckOfARecordTypeShowsEachRegionsRecordsAndTheirDifferenceIsGeoDnsNotAnOutage() {
    // the resolver answers each region's address with its own exchange, as a geo-DNS server does
    try (ScriptedDns dns = new ScriptedDns().mx("mail.geo.test", Map.of("127.0.0.2", "mx-eu.geo.test",
        "127.0.0.3", "mx-us.geo.test", "127.0.0.4", "mx-ap.geo.test"))) {
      String body = "{\"target\":\"dns://mail.geo.test\",\"regions\":[\"eu-west\",\"us-east\",\"ap-south\"],"
          + "\"timeoutMs\":3000,\"dns\":{\"type\":\"mx\",\"resolver\":\"" + dns.address() + "\"}}";

      CheckView done = api.awaitFinal(api.submit(body).id(), FINAL_WITHIN);

      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      assertThat(results(done)).hasSize(3).allSatisfy(r -> {
        assertThat(r.dns().type()).isEqualTo("MX");
        assertThat(r.dns().resolver()).isEqualTo(dns.address());
      });
      assertThat(results(done).stream().collect(Collectors.toMap(ProbeResult::region, r -> r.dns().records())))
          .containsEntry("eu-west", List.of("10 mx-eu.geo.test.")).containsEntry("us-east", List.of("10 mx-us.geo.test."))
          .containsEntry("ap-south", List.of("10 mx-ap.geo.test."));
      assertThat(done.summary()).contains("answers differ between regions (normal for geo-DNS): ")
          .contains("eu-west 10 mx-eu.geo.test.", "us-east 10 mx-us.geo.test.");
    }
  }

  @Test
  void closedPortIsAGlobalOutageRefusedInEveryRegion() throws IOException {
    CheckView done = api.awaitFinal(api.submit(body("http://127.0.0.1:" + closedPort() + "/", THREE, 3000)).id(), FINAL_WITHIN);

    assertThat(done.verdict()).isEqualTo(Verdict.GLOBAL_OUTAGE);
    assertThat(results(done)).hasSize(3).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
      assertThat(r.errorClass()).isEqualTo(ErrorClass.CONNECT_REFUSED);
    });
  }

  @Test
  void aPingOfLoopbackIsFinalWithEchoStatsFromEveryRegion() {
    String body = "{\"target\":\"ping://127.0.0.1\",\"regions\":[\"eu-west\",\"us-east\",\"ap-south\"],"
        + "\"timeoutMs\":3000,\"ping\":{\"count\":2}}";
    CheckView done = api.awaitFinal(api.submit(body).id(), FINAL_WITHIN);

    assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.UP);
    assertThat(results(done)).hasSize(3).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.UP);
      assertThat(r.ping().sent()).isEqualTo(2);
      assertThat(r.ping().received()).isEqualTo(2);
      assertThat(r.ping().loss()).isZero();
      assertThat(r.ping().rttAvgMs()).isNotNull();
    });
  }

  @Test
  void targetRefusingOneRegionIsARegionalOutageNamingThatRegion() {
    // the target drops every connection that comes from us-east's address
    try (TargetServer target = TargetServer.start(net.vertx(), req -> {
      if (req.remoteAddress().host().equals(SOURCE.get("us-east"))) {
        req.connection().close();
      } else {
        req.response().end("ok");
      }
    })) {
      CheckView done = api.awaitFinal(api.submit(body(target.url(), THREE, 3000)).id(), FINAL_WITHIN);

      assertThat(done.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
      assertThat(statusByRegion(done)).containsEntry("us-east", RegionStatus.DOWN)
          .containsEntry("eu-west", RegionStatus.UP).containsEntry("ap-south", RegionStatus.UP);
      assertThat(done.summary()).contains("us-east");
    }
  }

  @Test
  void agentStoppedMidwayLeavesItsRegionMissingAndTheCheckFinalByTheDeadline() {
    net.startAgent(net.agent("doomed", "doomed-a1", "127.0.0.5", List.of(canary.url())));
    // answers slowly, so the check is in flight everywhere when the doomed agent stops
    try (TargetServer target = TargetServer.start(net.vertx(),
        req -> net.vertx().setTimer(700, t -> req.response().end("ok")))) {
      List<String> four = List.of("eu-west", "us-east", "ap-south", "doomed");
      CheckView accepted = api.submit(body(target.url(), four, 2500));
      await("doomed agent probing").atMost(Duration.ofSeconds(10)).until(() -> target.callers().contains("127.0.0.5"));
      net.stopAgent("doomed-a1");

      // watched closely: still open with the three live regions in, as it waits for the fourth
      // until its deadline, and final only after it. Each look is timed by when its answer came
      // back, so a slow machine can only make the check look later, never early.
      boolean seenOpenWithThreeIn = false;
      CheckView done = api.check(accepted.id());
      Instant seenFinal = Instant.now();
      while (!done.isFinal()) {
        seenOpenWithThreeIn |= done.quorum().reported() == 3;
        assertThat(seenFinal).as("final within " + FINAL_WITHIN).isBefore(accepted.deadline().plus(FINAL_WITHIN));
        done = api.check(accepted.id());
        seenFinal = Instant.now();
      }

      assertThat(statusByRegion(done)).containsEntry("doomed", RegionStatus.MISSING)
          .containsEntry("eu-west", RegionStatus.UP);
      assertThat(done.quorum().expected()).isEqualTo(4);
      assertThat(done.quorum().reported()).isEqualTo(3);
      // 3 usable regions of 4 meet the quorum of 3: the verdict stands
      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      // final no earlier than the deadline, since one region never answered
      assertThat(seenOpenWithThreeIn).as("seen open with 3 of 4 regions in").isTrue();
      assertThat(seenFinal).isAfterOrEqualTo(accepted.deadline());
      assertThat(done.deadline()).isEqualTo(accepted.deadline());
    }
    await("doomed region gone").atMost(Duration.ofSeconds(10)).until(() -> !api.regionNames().contains("doomed"));
  }

  @Test
  void agentOfANewRegionStartedLaterIsListedAndUsedByTheNextCheck() {
    assertThat(api.regionNames()).doesNotContain("sa-east");
    net.startAgent(net.agent("sa-east", "sa-east-a1", "127.0.0.6", List.of(canary.url())));

    assertThat(api.regionNames()).contains("sa-east");
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      // no regions named: every live region, the new one included
      CheckView done = api.awaitFinal(api.submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":3000}").id(), FINAL_WITHIN);
      assertThat(statusByRegion(done)).containsEntry("sa-east", RegionStatus.UP);
      assertThat(target.callers()).contains("127.0.0.6");
    } finally {
      net.stopAgent("sa-east-a1");
    }
  }

  @Test
  void twoAgentsOfOneRegionOnTwoNetworksAnswerAsManyEyesAsACheckAsksFor() {
    Location telekom = new Location("DE", "Berlin", "telekom", 3320L, List.of("eyeball"));
    Location hetzner = new Location("DE", "Falkenstein", "hetzner", 24940L, List.of("datacenter"));
    net.startAgent(net.agent("eu-central", "eu-central-t1", "127.0.0.7", List.of(canary.url()),
        "--country", "DE", "--city", "Berlin", "--provider", "telekom", "--asn", "3320", "--tags", "eyeball"));
    net.startAgent(net.agent("eu-central", "eu-central-h1", "127.0.0.8", List.of(canary.url()),
        "--country", "de", "--city", "Falkenstein", "--provider", "hetzner", "--asn", "24940", "--tags", "datacenter"));
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      String check = "{\"target\":\"" + target.url() + "\",\"regions\":[\"eu-central\"],\"timeoutMs\":3000,"
          + "\"fresh\":true";
      // the agents' list says where each stands
      Map<String, JsonNode> listed = new java.util.HashMap<>();
      Api.json(api.get("/api/v1/agents").body()).forEach(a -> listed.put(a.get("agentId").asText(), a.get("location")));
      assertThat(Codec.fromJson(listed.get("eu-central-t1").toString(), Location.class)).isEqualTo(telekom);
      assertThat(Codec.fromJson(listed.get("eu-central-h1").toString(), Location.class)).isEqualTo(hetzner);
      assertThat(listed.get("eu-west-a1")).as("an agent that said nothing of its place").isNull();

      // perRegion 2: both agents of the region answer, each probing from its own address, each with its place
      CheckView both = api.awaitFinal(api.submit(check + ",\"perRegion\":2}").id(), FINAL_WITHIN);
      assertThat(both.verdict()).as(both.summary()).isEqualTo(Verdict.UP);
      assertThat(both.regions()).singleElement().satisfies(region -> assertThat(region.results())
          .extracting(r -> r.agentId() + " " + r.stamp().location())
          .containsExactlyInAnyOrder("eu-central-t1 " + telekom, "eu-central-h1 " + hetzner));
      assertThat(target.callers()).containsExactlyInAnyOrder("127.0.0.7", "127.0.0.8");

      // by place: only the agent on that provider
      CheckView onHetzner = api.awaitFinal(api.submit(check + ",\"locations\":[{\"provider\":\"hetzner\"}]}").id(),
          FINAL_WITHIN);
      assertThat(results(onHetzner)).singleElement().satisfies(r -> {
        assertThat(r.agentId()).isEqualTo("eu-central-h1");
        assertThat(r.stamp().location()).isEqualTo(hetzner);
      });

      // by default one agent of the region's group, as ever
      String shared = check.replace(",\"fresh\":true", "");
      CheckView one = api.awaitFinal(api.submit(shared + "}").id(), FINAL_WITHIN);
      assertThat(results(one)).hasSize(1);
      // and more eyes are another question: never answered from that check (but from the first
      // check above, which asked the same eyes, while the coalescing window lasts)
      HttpResponse<String> asked = api.post("/api/v1/checks", shared + ",\"perRegion\":2}");
      assertThat(asked.statusCode()).as(asked.body()).isIn(200, 202);
      CheckView moreEyes = api.awaitFinal(Codec.fromJson(asked.body(), CheckView.class).id(), FINAL_WITHIN);
      assertThat(results(moreEyes)).hasSize(2);

      // a monitor asks for as many eyes in each of its runs, and shows what it asked
      HttpResponse<String> created = api.post("/api/v1/monitors", "{\"target\":\"" + target.url()
          + "\",\"regions\":[\"eu-central\"],\"timeoutMs\":3000,\"perRegion\":2}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String monitor = Api.json(created.body()).get("id").asText();
      assertThat(Api.json(created.body()).get("perRegion").asInt()).isEqualTo(2);
      try {
        String[] run = new String[1];
        await("the monitor's first run").atMost(FINAL_WITHIN).until(() -> {
          JsonNode last = Api.json(api.get("/api/v1/monitors/" + monitor).body()).get("lastCheck");
          run[0] = last == null ? null : last.get("id").asText();
          return run[0] != null;
        });
        assertThat(results(api.awaitFinal(run[0], FINAL_WITHIN))).extracting(ProbeResult::agentId)
            .containsExactlyInAnyOrder("eu-central-t1", "eu-central-h1");
      } finally {
        api.delete("/api/v1/monitors/" + monitor);
      }

      // a place where no agent is live: 503 naming locations, nothing sent
      HttpResponse<String> nowhere = api.post("/api/v1/checks", check + ",\"locations\":[{\"country\":\"JP\"}]}");
      assertThat(nowhere.statusCode()).isEqualTo(503);
      assertThat(nowhere.headers().firstValue("Retry-After")).isPresent();
      assertThat(Api.json(nowhere.body()).get("detail").asText()).isEqualTo("no live agent in JP");
      assertThat(Api.json(nowhere.body()).get("errors").get(0).get("field").asText()).isEqualTo("locations");
    } finally {
      net.stopAgent("eu-central-t1");
      net.stopAgent("eu-central-h1");
    }
  }

  @Test
  void checkEventsStreamResultsThenVerdictsThenFinalAndTheNetworkStreamSeesTheFinal() throws Exception {
    // the stream of one check does not replay what came before it was opened: the target holds
    // its answers until the test follows the check, so every result is seen however slow the
    // machine; a slowness threshold of a minute keeps a long hold from reading as DEGRADED
    Promise<Void> following = Promise.promise();
    try (TargetServer target = TargetServer.start(net.vertx(), req -> {
          Context context = Vertx.currentContext();
          following.future().onComplete(v -> context.runOnContext(x -> req.response().end("ok")));
        });
         SseClient all = new SseClient(api.base() + "/api/v1/stream?target=127.0.0.1")) {
      CheckView accepted = api.submit(body(target.url(), THREE, 10000).replace("}", ",\"slowMs\":60000}"));
      try (SseClient one = new SseClient(api.base() + "/api/v1/checks/" + accepted.id() + "/events")) {
        assertThat(one.status()).isEqualTo(200);
        following.complete();
        List<SseClient.Event> events = one.untilEnd(FINAL_WITHIN);
        List<String> names = events.stream().map(SseClient.Event::name).toList();

        assertThat(names).last().isEqualTo("final");
        assertThat(names).filteredOn("result"::equals).hasSize(3);
        // every result is followed by the verdict it caused (results that came together, by one
        // verdict after the last of them)
        for (int i = 0; i < names.size(); i++) {
          if (names.get(i).equals("result")) {
            assertThat(names.get(i + 1)).isIn("result", "verdict");
          }
        }
        assertThat(names.indexOf("final")).isGreaterThan(names.lastIndexOf("result"));
        ProbeResult first = Codec.fromJson(events.get(names.indexOf("result")).data(), ProbeResult.class);
        assertThat(first.checkId()).isEqualTo(accepted.id());
        CheckView fin = Codec.fromJson(events.get(names.size() - 1).data(), CheckView.class);
        assertThat(fin.isFinal()).isTrue();
        assertThat(fin.verdict()).isEqualTo(Verdict.UP);
      }
      // the network-wide stream saw the same check become final
      SseClient.Event seen;
      do {
        seen = all.next(FINAL_WITHIN);
      } while (!(seen.name().equals("final") && seen.data().contains(accepted.id())));
      assertThat(Codec.fromJson(seen.data(), CheckView.class).verdict()).isEqualTo(Verdict.UP);
    }
  }

  @Test
  void theApiServesItsContractCacheably() {
    HttpResponse<String> doc = api.get("/api/v1/openapi.json");
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.body()).isEqualTo(Contract.resourceText());
    assertThat(doc.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    String etag = doc.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = api.get("/api/v1/openapi.json", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void aPlainGetOfTheWebSocketIsTheClientsMistake() {
    HttpResponse<String> plain = api.get("/api/v1/stream/ws");
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(400);
    assertThat(Api.json(plain.body()).get("errors").get(0).get("field").asText()).isEqualTo("Upgrade");
  }

  @Test
  void theWebSocketStreamCarriesTheSameFinalVerdicts() throws Exception {
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(api.base().replace("http://", "ws://") + "/api/v1/stream/ws?target=127.0.0.1"),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket socket, CharSequence data,
                  boolean last) {
                partial.append(data);
                if (last) {
                  frames.add(partial.toString());
                  partial.setLength(0);
                }
                socket.request(1);
                return null;
              }
            }).get(10, TimeUnit.SECONDS);
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView accepted = api.submit(body(target.url(), THREE, 3000));
      JsonNode frame;
      do {
        String text = frames.poll(FINAL_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(text).as("a frame within " + FINAL_WITHIN).isNotNull();
        Contract.get().validateAt("/api/v1/stream/ws frame", "/components/schemas/StreamFrame", Json.decodeValue(text));
        frame = Api.json(text);
      } while (!(frame.get("event").asText().equals("final") && frame.get("check").get("id").asText().equals(accepted.id())));
      assertThat(frame.get("check").get("verdict").asText()).isEqualTo("UP");
    } finally {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  @Test
  void aShapedRequestIsSentAsAskedAnotherBodyIsAnotherQuestionAndTheTokenIsNeverShown() {
    // answers 200 only to the exact request: POST, the token, the body
    try (TargetServer target = TargetServer.start(net.vertx(), req -> req.body().onSuccess(body -> {
      boolean exact = req.method().name().equals("POST") && "s3cret-token".equals(req.getHeader("X-Token"))
          && body.toString().equals("{\"user\":\"a\"}");
      req.response().setStatusCode(exact ? 200 : 400).putHeader("Content-Type", "application/json")
          .end(exact ? "{\"status\":\"ok\"}" : "{\"status\":\"refused\"}");
    }))) {
      CheckView asked = api.submit(shaped(target.url(), "a"));
      HttpResponse<String> other = api.post("/api/v1/checks", shaped(target.url(), "b"));

      assertThat(other.statusCode()).as("another body is another question, probed anew").isEqualTo(202);
      CheckView done = api.awaitFinal(asked.id(), FINAL_WITHIN);
      CheckView otherDone = api.awaitFinal(Codec.fromJson(other.body(), CheckView.class).id(), FINAL_WITHIN);
      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      assertThat(results(otherDone)).singleElement().satisfies(r -> {
        assertThat(r.errorClass()).isEqualTo(ErrorClass.UNEXPECTED_STATUS);
        assertThat(r.message()).isEqualTo("HTTP 400 Bad Request");
      });
      assertThat(target.callers()).hasSize(2);
      String read = api.get("/api/v1/checks/" + asked.id()).body();
      assertThat(read).doesNotContain("s3cret-token", "user")
          .contains("\"request\":{\"method\":\"POST\",\"headers\":{\"X-Token\":\"…\","
              + "\"Content-Type\":\"application/json\"},\"body\":\"…\"}");
    }
  }

  static String shaped(String url, String user) {
    return "{\"target\":\"" + url + "login\",\"regions\":[\"eu-west\"],\"timeoutMs\":3000,\"method\":\"POST\","
        + "\"headers\":{\"X-Token\":\"s3cret-token\",\"Content-Type\":\"application/json\"},"
        + "\"body\":\"{\\\"user\\\":\\\"" + user + "\\\"}\","
        + "\"expect\":{\"status\":[200],\"json\":[{\"pointer\":\"/status\",\"equals\":\"ok\"}]}}";
  }

  @Test
  void aRepeatedCheckIsAnsweredFromTheOneInFlightWithTheAskersOwnView() throws Exception {
    try (TargetServer target = TargetServer.start(net.vertx(),
        req -> net.vertx().setTimer(600, t -> req.response().end("ok")))) {
      CheckView first = api.submit(body(target.url(), THREE, 3000));
      HttpResponse<String> again = api.post("/api/v1/checks", "{\"target\":\"" + target.url() + "\",\"regions\":"
          + "[\"us-east\",\"eu-west\",\"ap-south\"],\"timeoutMs\":3000,\"client\":{\"reachable\":false}}");

      assertThat(again.statusCode()).isEqualTo(200);
      CheckView second = Codec.fromJson(again.body(), CheckView.class);
      assertThat(second.coalesced()).isTrue();
      assertThat(second.id()).isNotEqualTo(first.id());
      assertThat(again.headers().firstValue("Location")).hasValue("/api/v1/checks/" + second.id());
      try (SseClient events = new SseClient(api.base() + "/api/v1/checks/" + second.id() + "/events")) {
        List<SseClient.Event> all = events.untilEnd(FINAL_WITHIN);
        CheckView fin = Codec.fromJson(all.get(all.size() - 1).data(), CheckView.class);
        assertThat(all.get(all.size() - 1).name()).isEqualTo("final");
        assertThat(fin.id()).isEqualTo(second.id());
        assertThat(fin.justYou()).isTrue();
      }
      CheckView firstDone = api.awaitFinal(first.id(), FINAL_WITHIN);
      CheckView secondDone = api.check(second.id());
      assertThat(firstDone.verdict()).isEqualTo(Verdict.UP);
      assertThat(firstDone.justYou()).isFalse();
      assertThat(secondDone.verdict()).isEqualTo(Verdict.UP);
      assertThat(secondDone.justYou()).isTrue();
      assertThat(secondDone.summary()).containsIgnoringCase("just you");
      // the probes were shared: one per region, not two
      assertThat(target.callers()).hasSize(3);

      // fresh asks for new probes, and later askers share those
      HttpResponse<String> fresh = api.post("/api/v1/checks", "{\"target\":\"" + target.url() + "\",\"regions\":"
          + "[\"eu-west\",\"us-east\",\"ap-south\"],\"timeoutMs\":3000,\"fresh\":true}");
      assertThat(fresh.statusCode()).isEqualTo(202);
      api.awaitFinal(Codec.fromJson(fresh.body(), CheckView.class).id(), FINAL_WITHIN);
      assertThat(target.callers()).hasSize(6);
    }
  }

  @Test
  void aRepeatedCheckWithoutAViewOfItsOwnIsAnsweredWithTheCheckInFlightItself() throws Exception {
    try (TargetServer target = TargetServer.start(net.vertx(),
        req -> net.vertx().setTimer(600, t -> req.response().end("ok")))) {
      CheckView first = api.submit(body(target.url(), THREE, 3000));
      HttpResponse<String> again = api.post("/api/v1/checks", body(target.url(), THREE, 3000));

      assertThat(again.statusCode()).isEqualTo(200);
      CheckView second = Codec.fromJson(again.body(), CheckView.class);
      assertThat(second.coalesced()).isTrue();
      assertThat(second.id()).isEqualTo(first.id());
      assertThat(again.headers().firstValue("Location")).hasValue("/api/v1/checks/" + first.id());
      CheckView done = api.awaitFinal(second.id(), FINAL_WITHIN);
      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      assertThat(done.coalesced()).as("the check that probed").isFalse();
      assertThat(target.callers()).hasSize(3);

      // but when the first asker brought a view of their own, the check in flight carries it: a
      // later asker without one gets a check of their own id, not the first asker's justYou
      CheckView mine = api.submit("{\"target\":\"" + target.url() + "?own\",\"regions\":[\"us-east\",\"eu-west\","
          + "\"ap-south\"],\"timeoutMs\":3000,\"client\":{\"reachable\":false}}");
      HttpResponse<String> other = api.post("/api/v1/checks", body(target.url() + "?own", THREE, 3000));
      assertThat(other.statusCode()).isEqualTo(200);
      CheckView theirs = Codec.fromJson(other.body(), CheckView.class);
      assertThat(theirs.id()).isNotEqualTo(mine.id());
      assertThat(api.awaitFinal(mine.id(), FINAL_WITHIN).justYou()).isTrue();
      assertThat(api.awaitFinal(theirs.id(), FINAL_WITHIN).justYou()).isFalse();
      assertThat(target.callers()).hasSize(6);
    }
  }

  @Test
  void aClientConnectingAfterTheEndGetsFinalAtOnce() throws Exception {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView done = api.awaitFinal(api.submit(body(target.url(), THREE, 3000)).id(), FINAL_WITHIN);
      try (SseClient late = new SseClient(api.base() + "/api/v1/checks/" + done.id() + "/events")) {
        List<SseClient.Event> events = late.untilEnd(Duration.ofSeconds(5));
        assertThat(events).extracting(SseClient.Event::name).containsExactly("final");
      }
    }
  }

  @Test
  void badRequestsAreProblemsNamingTheField() {
    assertProblem(api.post("/api/v1/checks", "not json"), 400, "body");
    assertProblem(api.post("/api/v1/checks", "{}"), 400, "target");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"ftp://example.com\"}"), 400, "target");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"example.com\",\"kind\":\"smtp\"}"), 400, "kind");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"example.com\",\"timeoutMs\":50}"), 400, "timeoutMs");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"example.com\",\"timeoutMs\":30001}"), 400, "timeoutMs");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"example.com\",\"regions\":[\"mars-1\"]}"), 400, "regions");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"example.com\",\"expect\":{\"status\":[700]}}"), 400, "expect.status");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"example.com\",\"client\":{\"reachable\":\"no\"}}"), 400, "client.reachable");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"dns://example.com\",\"dns\":{\"type\":\"PTR\"}}"), 400, "dns.type");
    assertProblem(api.post("/api/v1/checks", "{\"target\":\"" + "x".repeat(70 * 1024) + "\"}"), 413, "body");
    assertProblem(api.get("/api/v1/checks/c-doesnotexist"), 404, "id");
    assertProblem(api.get("/api/v1/checks/c-doesnotexist/events"), 404, "id");
  }

  @Test
  void malformedRecordsAreCountedAndSkippedAndTheNetworkKeepsWorking() throws Exception {
    KafkaProducer<String, String> producer = KafkaProducer.create(net.vertx(), net.kafka().producer("test-garbage"));
    try {
      for (String topic : List.of(net.kafka().topics().results(), net.kafka().topics().checks(),
          net.kafka().topics().agents(), net.kafka().topics().verdicts())) {
        for (String junk : List.of("{not json", "{\"schema\":1}")) {
          KafkaProducerRecord<String, String> r = KafkaProducerRecord.create(topic, "garbage", junk);
          if (topic.equals(net.kafka().topics().verdicts())) {
            // junk from a coordinator: a stranger's verdict is dropped unread (ForgedRecordsTest)
            r.addHeader(VerdictPublisher.ORIGIN_HEADER, net.hazelcast().getCluster().getLocalMember().getUuid() + "/test");
          }
          Wait.on(producer.send(r));
        }
      }
    } finally {
      producer.close();
    }
    await("malformed results counted").atMost(Duration.ofSeconds(10)).until(() ->
        metric("downcheck_malformed_records_total{topic=\"downcheck.results\"}") >= 2
            && metric("downcheck_malformed_records_total{topic=\"downcheck.verdicts\"}") >= 2
            && metric("downcheck_malformed_records_total{topic=\"downcheck.agents\"}") >= 2);
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView done = api.awaitFinal(api.submit(body(target.url(), THREE, 3000)).id(), FINAL_WITHIN);
      assertThat(done.verdict()).isEqualTo(Verdict.UP);
    }
  }

  @Test
  void aHostsHistoryListsItsFinalChecksNewestFirst() {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView older = api.awaitFinal(api.submit(body(target.url(), THREE, 3000)).id(), FINAL_WITHIN);
      CheckView newer = api.awaitFinal(api.submit(body(target.url() + "again", THREE, 3000)).id(), FINAL_WITHIN);

      await("history has both").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        JsonNode history = Api.json(api.get("/api/v1/targets/127.0.0.1/history?limit=2").body());
        assertThat(history.findValuesAsText("id")).containsExactly(newer.id(), older.id());
      });
      JsonNode one = Api.json(api.get("/api/v1/targets/127.0.0.1/history?limit=1").body());
      assertThat(one).hasSize(1);
      assertThat(one.get(0).get("final").asBoolean()).isTrue();
    }
    assertThat(Api.json(api.get("/api/v1/targets/never-checked.example/history").body())).isEmpty();
    assertProblem(api.get("/api/v1/targets/127.0.0.1/history?limit=0"), 400, "limit");
    assertProblem(api.get("/api/v1/targets/127.0.0.1/history?limit=lots"), 400, "limit");
  }

  @Test
  void healthReadyAndMetricsAnswer() {
    assertThat(api.get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = api.get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(Api.json(ready.body()).get("kafka").asText()).isEqualTo("UP");
    String metrics = api.get("/metrics").body();
    // downcheck's own, with their names of before Micrometer, and what Micrometer binds: JVM, Vert.x, Kafka clients
    assertThat(metrics).contains("# HELP downcheck_live_regions", "downcheck_live_agents ",
        "downcheck_checks_submitted_total ", "downcheck_results_received_total ",
        "jvm_memory_used_bytes{", "jvm_gc_", "vertx_http_server_requests_total{", "kafka_consumer_");
    assertThat(api.get("/").body()).contains("<form");
  }

  private static void assertProblem(HttpResponse<String> res, int status, String field) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode problem = Api.json(res.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("errors").findValuesAsText("field")).as(res.body()).contains(field);
  }

  private static double metric(String name) {
    for (String line : api.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).strip());
      }
    }
    return 0;
  }

  static String body(String target, List<String> regions, int timeoutMs) {
    String rs = regions.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
    return "{\"target\":\"" + target + "\",\"regions\":[" + rs + "],\"timeoutMs\":" + timeoutMs + "}";
  }

  static Map<String, RegionStatus> statusByRegion(CheckView v) {
    return v.regions().stream().collect(Collectors.toMap(RegionReport::region, RegionReport::status));
  }

  static List<ProbeResult> results(CheckView v) {
    return v.regions().stream().flatMap(r -> r.results().stream()).toList();
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
