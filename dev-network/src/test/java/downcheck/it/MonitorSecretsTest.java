package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.testing.Api;
import downcheck.testing.Contract;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.WebhookReceiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A monitor's secrets, with API keys on: its channels' URLs (a Slack webhook's URL is itself the
 * credential) and its webhook secret are never shown, to the owner or anyone else, in the API,
 * the events or the deliveries; never sit in plain text on the monitors topic; and a
 * notification carries only its own channel.
 */
class MonitorSecretsTest {
  static final Duration SOON = Duration.ofSeconds(20);
  static final List<String> REGIONS = List.of("eu-west", "us-east");
  static final String KEY = "sekrit-key-1";
  static final String SLACK_PATH = "/services/T0000/B0000/SECRETSECRET";
  static final String HOOK_PATH = "/hooks/SIGNEDHOOKPATH";
  static final String SECRET = "hmac-secret-never-shown";
  /** A header value the monitor's runs send (docs/api.md, "Secrets in a request"). */
  static final String TOKEN = "header-token-never-shown";
  /** What must never be read back: the paths of both URLs, the secret, and the header value. */
  static final List<String> NEVER = List.of("SECRETSECRET", "SIGNEDHOOKPATH", SECRET, TOKEN);

  static TestNetwork net;
  static Api api;
  static WebhookReceiver receiver;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1000), Set.of(KEY), 0, 0, List.of("--monitor-min-interval-seconds", "1",
        "--monitor-tick-ms", "100"));
    api = net.api();
    receiver = new WebhookReceiver(net.vertx());
    var canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", "127.0.0.2", List.of(canary.url())));
    net.startAgent(net.agent("us-east", "us-east-a1", "127.0.0.3", List.of(canary.url())));
    await("regions live").atMost(SOON).until(() -> api.regionNames().containsAll(REGIONS));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void channelUrlsAndSecretsAreNeverReadBackNorPlainOnKafkaAndEachReceiverSeesItsOwnChannelOnly() throws Exception {
    try (SwitchableTarget target = SwitchableTarget.ok(net.vertx())) {
      String body = "{\"target\":\"" + target.url() + "\",\"intervalSeconds\":1,\"timeoutMs\":2000,\"regions\":[\"eu-west\","
          + "\"us-east\"],\"confirmations\":1,\"name\":\"secrets\",\"headers\":{\"X-Token\":\"" + TOKEN + "\"},\"notify\":["
          + "{\"type\":\"slack\",\"url\":\"" + receiver.url(SLACK_PATH) + "\"},"
          + "{\"type\":\"webhook\",\"url\":\"" + receiver.url(HOOK_PATH) + "\",\"secret\":\"" + SECRET + "\"}]}";
      HttpResponse<String> created = api.post("/api/v1/monitors", body, "Authorization", "Bearer " + KEY);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertNothingSecret("the create answer", created.body());
      String id = Api.json(created.body()).get("id").asText();
      JsonNode shown = Api.json(created.body()).get("notify");
      assertThat(shown.get(0).get("url").asText()).isEqualTo("http://127.0.0.1:" + port(receiver) + "/…");
      assertThat(Api.json(created.body()).get("request").get("headers").get("X-Token").asText()).isEqualTo("…");

      target.stop();
      await("down told on both channels").atMost(SOON)
          .until(() -> !receiver.accepted(SLACK_PATH).isEmpty() && !receiver.accepted(HOOK_PATH).isEmpty());

      // each receiver: its own channel only, never the other's URL; the webhook still signed with its secret
      assertThat(receiver.accepted(SLACK_PATH)).allSatisfy(r ->
          assertThat(r.body()).doesNotContain("SIGNEDHOOKPATH", SECRET));
      assertThat(receiver.accepted(HOOK_PATH)).allSatisfy(r -> {
        assertThat(r.body()).doesNotContain("SECRETSECRET", SECRET);
        assertThat(WebhookReceiver.signedWith(r, SECRET)).isTrue();
        JsonNode notify = Api.json(r.body()).get("monitor").get("notify");
        assertThat(notify).hasSize(1);
        assertThat(notify.get(0).get("type").asText()).isEqualTo("webhook");
      });

      for (String[] auth : List.of(new String[] {"Authorization", "Bearer " + KEY}, new String[0])) {
        String who = auth.length == 0 ? " without the key" : " with the owner's key";
        assertNothingSecret("the list" + who, get("/api/v1/monitors", auth).body());
        assertNothingSecret("the monitor" + who, get("/api/v1/monitors/" + id, auth).body());
        assertNothingSecret("the deliveries" + who, get("/api/v1/monitors/" + id + "/deliveries", auth).body());
        assertNothingSecret("the events" + who, firstEvent("/api/v1/monitors/" + id + "/events", auth));
      }
      HttpResponse<String> deliveries = get("/api/v1/monitors/" + id + "/deliveries", "Authorization", "Bearer " + KEY);
      assertThat(deliveries.body()).contains("\"channel\":\"slack\"", "\"channel\":\"webhook\"");

      List<ConsumerRecord<String, String>> raw = monitorsTopic(id);
      assertThat(raw).as("the monitor's definition on the topic").anyMatch(r -> r.key().equals(id));
      assertThat(raw).allSatisfy(r -> assertNothingSecret("record " + r.key() + " on the monitors topic", r.value()));
    }
  }

  private static void assertNothingSecret(String where, String text) {
    assertThat(text).as(where).isNotNull().doesNotContain(NEVER);
  }

  private static int port(WebhookReceiver r) {
    return URI.create(r.url("/")).getPort();
  }

  private static HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      req.headers(headers);
    }
    return Contract.check(HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** The events stream's first event (or its refusal's body), read and closed. */
  private static String firstEvent(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(api.base() + path)).header("Accept", "text/event-stream")
        .GET();
    if (headers.length > 0) {
      req.headers(headers);
    }
    HttpResponse<InputStream> res = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = res.body();
         BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      if (res.statusCode() != 200) {
        return lines.lines().collect(Collectors.joining("\n"));
      }
      StringBuilder event = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty() && !event.isEmpty()) {
          return event.toString();
        }
        event.append(line).append('\n');
      }
      return event.toString();
    }
  }

  /** Every record on the monitors topic, read with a plain consumer, once the monitor's definition is among them. */
  private static List<ConsumerRecord<String, String>> monitorsTopic(String id) {
    Map<String, Object> props = new HashMap<>(net.kafka().consumer("secrets-test-reader", null, "earliest"));
    String topic = net.kafka().topics().monitors();
    List<ConsumerRecord<String, String>> all = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map((PartitionInfo p) -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      await("the definition read back").atMost(SOON).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
        return all.stream().anyMatch(r -> id.equals(r.key())) && StreamSupport.stream(parts.spliterator(), false)
            .allMatch(p -> consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p));
      });
    }
    return all;
  }
}
