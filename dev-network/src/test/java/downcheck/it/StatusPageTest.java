package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorVerticle;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.runtime.telemetry.Telemetry;
import downcheck.testing.Api;
import downcheck.testing.Configs;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Public status pages (docs/monitors.md): made and changed only with the key that owns their
 * monitors, read by anyone at {@code /s/{slug}}, its summary and its Atom feed; rebuilt by a
 * coordinator that starts afresh from Kafka. One network with API keys on, one region.
 */
class StatusPageTest {
  static final String ATOM = "http://www.w3.org/2005/Atom";
  static final String[] K1 = {"X-API-Key", "k1"};
  static final String[] K2 = {"X-API-Key", "k2"};
  static final Duration SOON = Duration.ofSeconds(20);
  static TestNetwork net;
  static Api api;
  static SwitchableTarget flaky;
  static String shop;
  static String internal;
  static String theirs;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1000), Set.of("k1", "k2"), 0, 0,
        List.of("--monitor-min-interval-seconds", "1", "--monitor-tick-ms", "100"));
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(canary.url())));
    flaky = SwitchableTarget.ok(net.vertx());
    shop = monitor(K1, "{\"target\":\"" + flaky.url() + "?token=s3cret\",\"intervalSeconds\":1,\"timeoutMs\":3000,"
        + "\"confirmations\":1,\"name\":\"Shop <b>&</b>\"}");
    internal = monitor(K1, "{\"target\":\"" + canary.url() + "\",\"intervalSeconds\":1,\"timeoutMs\":1000}");
    theirs = monitor(K2, "{\"target\":\"" + canary.url() + "\",\"intervalSeconds\":60,\"name\":\"theirs\"}");
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void madeWithTheKeyThatOwnsItsMonitorsItsSlugIsTakenForEveryone() {
    HttpResponse<String> made = api.post("/api/v1/status-pages", page("acme-1", "Acme", shop), K1);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(made.headers().firstValue("Location")).hasValue("/api/v1/status-pages/acme-1");
    JsonNode view = Api.json(made.body());
    assertThat(view.get("url").asText()).isEqualTo("/s/acme-1");
    assertThat(view.get("monitors").get(0).asText()).isEqualTo(shop);
    assertThat(view.has("owner")).isFalse();

    assertProblem(api.post("/api/v1/status-pages", page("acme-1", "Other", internal), K1), 409, "slug");
    assertProblem(api.post("/api/v1/status-pages", page("acme-1", "Other", theirs), K2), 409, "slug");
    assertThat(slugs(api.get("/api/v1/status-pages", K1))).contains("acme-1");
    assertThat(slugs(api.get("/api/v1/status-pages", K2))).doesNotContain("acme-1");
    assertThat(api.get("/api/v1/status-pages").statusCode()).isEqualTo(401);
    assertThat(api.post("/api/v1/status-pages", page("acme-x", "Acme", shop)).statusCode()).isEqualTo(401);
  }

  @Test
  void aBadPageIsAProblemNamingEveryBadField() {
    HttpResponse<String> res = api.post("/api/v1/status-pages",
        "{\"slug\":\"Not A-Slug\",\"title\":\"\",\"monitors\":[\"m-nope\",\"" + shop + "\",\"" + shop + "\"],\"colour\":1}",
        K1);
    assertProblem(res, 400, "slug", "title", "monitors[0]", "monitors[2]", "colour");
    assertProblem(api.post("/api/v1/status-pages", "{\"slug\":\"-x\",\"title\":\"T\",\"monitors\":[]}", K1), 400,
        "slug", "monitors");
    assertProblem(api.post("/api/v1/status-pages", "{\"slug\":\"" + "a".repeat(41) + "\",\"title\":\"T\",\"monitors\":[\""
        + shop + "\"]}", K1), 400, "slug");
    assertThat(api.get("/api/v1/status-pages/nope/summary").statusCode()).isEqualTo(404);
  }

  @Test
  void anotherKeyMayNeitherShowTheMonitorsNorChangeThePage() {
    assertProblem(api.post("/api/v1/status-pages", page("theirs", "Theirs", shop), K2), 400, "monitors[0]");
    assertThat(api.post("/api/v1/status-pages", page("mine-2", "Mine", shop), K1).statusCode()).isEqualTo(201);
    assertThat(api.put("/api/v1/status-pages/mine-2", page("mine-2", "Taken", shop), K2).statusCode()).isEqualTo(403);
    assertThat(api.delete("/api/v1/status-pages/mine-2", K2).statusCode()).isEqualTo(403);
    assertThat(api.get("/api/v1/status-pages/mine-2", K2).statusCode()).isEqualTo(403);

    HttpResponse<String> changed = api.put("/api/v1/status-pages/mine-2",
        "{\"title\":\"Mine, renamed\",\"monitors\":[\"" + internal + "\",\"" + shop + "\"]}", K1);
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(Api.json(api.get("/api/v1/status-pages/mine-2/summary").body()).get("title").asText())
        .isEqualTo("Mine, renamed");
    assertProblem(api.put("/api/v1/status-pages/mine-2", page("renamed", "Mine", shop), K1), 400, "slug");
    assertThat(api.delete("/api/v1/status-pages/mine-2", K1).statusCode()).isEqualTo(204);
    assertThat(api.get("/api/v1/status-pages/mine-2/summary").statusCode()).isEqualTo(404);
  }

  @Test
  void anyoneReadsThePageItsIncidentsAndItsFeedWithoutATargetAndACoordinatorStartedAfreshShowsThemToo()
      throws Exception {
    assertThat(api.post("/api/v1/status-pages", page("public", "Acme & <Co>", shop, internal), K1).statusCode())
        .isEqualTo(201);
    await("the shop up").atMost(SOON).until(() -> state(shop).equals("UP"));
    flaky.stop();
    await("the shop down").atMost(SOON).until(() -> state(shop).equals("GLOBAL_OUTAGE"));
    flaky.start();
    await("the shop back").atMost(SOON).until(() -> state(shop).equals("UP"));

    HttpResponse<String> summary = await("the incident on the page").atMost(SOON).until(
        () -> api.get("/api/v1/status-pages/public/summary"), r -> outage(Api.json(r.body())) != null);
    JsonNode s = Api.json(summary.body());
    assertThat(s.get("state").asText()).isIn("OPERATIONAL", "DEGRADED", "PARTIAL_OUTAGE", "UNKNOWN");
    assertThat(s.get("monitors").get(0).get("name").asText()).isEqualTo("Shop <b>&</b>");
    assertThat(s.get("monitors").get(1).get("name").asText()).as("unnamed, targets not shown").isEqualTo("Service 2");
    assertThat(s.get("monitors").get(0).get("daily").size()).isEqualTo(90);
    assertThat(s.get("monitors").get(0).get("daily").get(89).asDouble()).isBetween(0.0, 0.999);
    JsonNode incident = outage(s);
    assertThat(incident.get("regions").get(0).asText()).isEqualTo("eu-west");
    assertThat(incident.get("endedAt").isNull()).isFalse();
    assertThat(summary.body()).as("nothing of the target, the owner or the check")
        .doesNotContain("127.0.0.1").doesNotContain("s3cret").doesNotContain(shop).doesNotContain("\"i-")
        .doesNotContain("owner");
    HttpResponse<String> html = api.get("/s/public");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");

    HttpResponse<String> feed = api.get("/s/public/feed.atom");
    assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
    Element root = atom(feed.body());
    assertThat(root.getLocalName()).isEqualTo("feed");
    assertThat(text(root, "title")).isEqualTo("Acme & <Co> status");
    assertThat(text(root, "id")).startsWith("urn:uuid:");
    Instant.parse(text(root, "updated"));
    NodeList entries = root.getElementsByTagNameNS(ATOM, "entry");
    assertThat(entries.getLength()).isEqualTo(s.get("incidents").size());
    Element entry = null;
    for (int i = 0; i < entries.getLength(); i++) {
      Element e = (Element) entries.item(i);
      entry = text(e, "title").equals("Resolved: Global outage: Shop <b>&</b>") ? e : entry;
    }
    assertThat(entry).as("the outage's entry").isNotNull();
    assertThat(text(entry, "content")).contains("eu-west");
    Instant.parse(text(entry, "updated"));
    assertThat(feed.body()).doesNotContain("127.0.0.1");

    // every coordinator gone: a new one, with Hazelcast empty, reads the page and the states back from Kafka
    try (Fresh fresh = Fresh.start(net.kafka().bootstrap())) {
      JsonNode again = Api.json(fresh.api.get("/api/v1/status-pages/public/summary").body());
      assertThat(again.get("title").asText()).isEqualTo("Acme & <Co>");
      assertThat(again.get("monitors").get(0).get("name").asText()).isEqualTo("Shop <b>&</b>");
      assertThat(outage(again)).as("the outage, from the state on Kafka").isNotNull();
      assertThat(fresh.api.get("/api/v1/status-pages/public", K1).statusCode()).isEqualTo(200);
      assertThat(fresh.api.get("/api/v1/status-pages/public", K2).statusCode()).isEqualTo(403);
    }
  }

  private static String monitor(String[] key, String body) {
    HttpResponse<String> res = api.post("/api/v1/monitors", body, key);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    return Api.json(res.body()).get("id").asText();
  }

  /** The shop's ended global outage on the page, or null (a loaded machine may add a slow spell or two). */
  private static JsonNode outage(JsonNode summary) {
    for (JsonNode i : summary.get("incidents")) {
      if (i.get("kind").asText().equals("GLOBAL_OUTAGE") && !i.get("endedAt").isNull()) {
        return i;
      }
    }
    return null;
  }

  private static String state(String monitor) {
    return Api.json(api.get("/api/v1/monitors/" + monitor, K1).body()).get("state").asText();
  }

  private static String page(String slug, String title, String... monitors) {
    return "{\"slug\":\"" + slug + "\",\"title\":\"" + title + "\",\"monitors\":[\"" + String.join("\",\"", monitors) + "\"]}";
  }

  private static List<String> slugs(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    Api.json(res.body()).forEach(p -> out.add(p.get("slug").asText()));
    return out;
  }

  private static void assertProblem(HttpResponse<String> res, int status, String... fields) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    List<String> named = new ArrayList<>();
    Api.json(res.body()).get("errors").forEach(e -> named.add(e.get("field").asText()));
    assertThat(named).containsExactlyInAnyOrder(fields);
  }

  private static Element atom(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
    return root;
  }

  private static String text(Element parent, String name) {
    NodeList found = parent.getElementsByTagNameNS(ATOM, name);
    assertThat(found.getLength()).as("<" + name + ">").isPositive();
    return found.item(0).getTextContent();
  }

  /** A coordinator of its own cluster on the same broker: what a full restart starts with. */
  private record Fresh(HazelcastInstance hz, Vertx vertx, Api api) implements AutoCloseable {
    static Fresh start(String bootstrap) {
      String cluster = "downcheck-status-restart-" + UUID.randomUUID();
      HazelcastInstance hz = HazelcastSetup.start(cluster, List.of(), "127.0.0.1", 5701, 3600);
      CoordinatorConfig config = Configs.coordinator(bootstrap, "--coordinator-id", "fresh", "--hazelcast-cluster", cluster,
          "--api-keys", "k1,k2", "--monitor-min-interval-seconds", "1");
      Telemetry telemetry = Telemetry.create();
      Vertx vertx = telemetry.vertx();
      CoordinatorVerticle verticle = new CoordinatorVerticle(config, hz, Clock.systemUTC(), telemetry);
      Wait.on(vertx.deployVerticle(verticle));
      return new Fresh(hz, vertx, new Api("http://127.0.0.1:" + verticle.httpPort()));
    }

    @Override
    public void close() {
      Wait.on(vertx.close());
      hz.shutdown();
    }
  }
}
