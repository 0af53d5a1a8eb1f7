package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import downcheck.testing.Api;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import downcheck.testing.WebhookReceiver;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A monitor's outage and recovery told through the services' channels on real parts (the
 * embedded broker, Hazelcast, agents in two regions): PagerDuty triggered and resolved under the
 * monitor's id, an Opsgenie alert created and closed by that alias at the EU URL, an ntfy topic
 * with its token, and an email through a real SMTP server (GreenMail), each service a local
 * stand-in the coordinator is pointed at by its flags. Keys and tokens never read back.
 */
class ChannelDeliveryTest {
  static final Duration SOON = Duration.ofSeconds(30);
  static final List<String> REGIONS = List.of("eu-west", "us-east");
  static final String ROUTING_KEY = "R0UTINGKEY0123456789abcdefABCDEF";
  static final String GENIE_KEY = "eb243592-faa2-4ba2-a551-1afdf565c889";
  static final String NTFY_TOKEN = "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2";

  static Vertx services;
  static WebhookReceiver receiver;
  static GreenMail mail;
  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    services = Vertx.vertx();
    receiver = new WebhookReceiver(services);
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    net = TestNetwork.start(Duration.ofMillis(1000), Set.of(), 0, 0, List.of("--monitor-min-interval-seconds", "1",
        "--monitor-tick-ms", "100", "--pagerduty-url", receiver.url("/v2/enqueue"),
        "--opsgenie-eu-url", receiver.url("/opsgenie-eu"), "--alert-link-base", "https://downcheck.example",
        "--smtp-host", "127.0.0.1", "--smtp-port", String.valueOf(mail.getSmtp().getPort()),
        "--smtp-from", "downcheck@example.com", "--smtp-starttls", "off"));
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", "127.0.0.2", List.of(canary.url())));
    net.startAgent(net.agent("us-east", "us-east-a1", "127.0.0.3", List.of(canary.url())));
    await("regions live").atMost(SOON).until(() -> api.regionNames().containsAll(REGIONS));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
    if (mail != null) {
      mail.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (services != null) {
      Wait.on(services.close());
    }
  }

  @Test
  void anOutageAndItsRecoveryReachPagerDutyOpsgenieNtfyAndEmailAsEachServiceExpects() throws Exception {
    try (SwitchableTarget target = SwitchableTarget.ok(net.vertx())) {
      String id = Monitors.create(api, "{\"target\":\"" + target.url() + "\",\"intervalSeconds\":1,\"timeoutMs\":2000,"
          + "\"regions\":[\"eu-west\",\"us-east\"],\"confirmations\":1,\"name\":\"shop health\",\"notify\":["
          + "{\"type\":\"pagerduty\",\"routingKey\":\"" + ROUTING_KEY + "\"},"
          + "{\"type\":\"opsgenie\",\"apiKey\":\"" + GENIE_KEY + "\",\"region\":\"eu\"},"
          + "{\"type\":\"ntfy\",\"url\":\"" + receiver.url("/ntfy/shop-alerts") + "\",\"token\":\"" + NTFY_TOKEN + "\"},"
          + "{\"type\":\"email\",\"to\":[\"ops@example.com\"]}]}");
      await("monitor UP").atMost(SOON).until(() -> Monitors.state(api, id).equals("UP"));

      String read = api.get("/api/v1/monitors/" + id).body();
      assertThat(read).doesNotContain(ROUTING_KEY, GENIE_KEY, NTFY_TOKEN, "shop-alerts");
      JsonNode notify = Api.json(read).get("notify");
      assertThat(notify.get(0).get("routingKey").asText()).isEqualTo("…");
      assertThat(notify.get(1).get("apiKey").asText()).isEqualTo("…");
      assertThat(notify.get(1).get("region").asText()).isEqualTo("eu");
      assertThat(notify.get(2).get("token").asText()).isEqualTo("…");
      assertThat(notify.get(3).get("to").get(0).asText()).isEqualTo("ops@example.com");

      target.stop();
      await("the outage told").atMost(SOON).until(() -> receiver.accepted("/v2/enqueue").size() == 1
          && receiver.accepted("/opsgenie-eu/v2/alerts").size() == 1 && receiver.accepted("/ntfy/shop-alerts").size() == 1
          && mail.getReceivedMessages().length == 1);
      target.start();
      await("the recovery told").atMost(SOON).until(() -> receiver.accepted("/v2/enqueue").size() == 2
          && receiver.accepted("/opsgenie-eu/v2/alerts/" + id + "/close").size() == 1
          && receiver.accepted("/ntfy/shop-alerts").size() == 2 && mail.getReceivedMessages().length == 2);

      JsonNode trigger = Api.json(receiver.accepted("/v2/enqueue").get(0).body());
      JsonNode resolve = Api.json(receiver.accepted("/v2/enqueue").get(1).body());
      assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
      assertThat(trigger.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
      assertThat(trigger.get("dedup_key").asText()).isEqualTo(id);
      assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("critical");
      assertThat(trigger.get("payload").get("source").asText()).isEqualTo(target.url());
      assertThat(trigger.get("payload").get("summary").asText()).startsWith("shop health (" + target.url()
          + ") is down for everyone");
      assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
      assertThat(resolve.get("dedup_key").asText()).isEqualTo(id);

      WebhookReceiver.Received created = receiver.accepted("/opsgenie-eu/v2/alerts").get(0);
      assertThat(created.header("Authorization")).isEqualTo("GenieKey " + GENIE_KEY);
      assertThat(Api.json(created.body()).get("alias").asText()).isEqualTo(id);
      assertThat(Api.json(created.body()).get("priority").asText()).isEqualTo("P1");

      WebhookReceiver.Received ntfy = receiver.accepted("/ntfy/shop-alerts").get(0);
      assertThat(ntfy.header("Authorization")).isEqualTo("Bearer " + NTFY_TOKEN);
      assertThat(ntfy.header("Title")).isEqualTo("shop health is down for everyone");
      assertThat(ntfy.header("Priority")).isEqualTo("5");
      assertThat(ntfy.header("X-Downcheck-Delivery")).isEqualTo(created.header("X-Downcheck-Delivery"));

      MimeMessage down = mail.getReceivedMessages()[0];
      assertThat(down.getSubject()).isEqualTo("[downcheck] shop health is down for everyone");
      assertThat(down.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
      String body = String.valueOf(down.getContent()).replace("\r\n", "\n");
      String checkId = trigger.get("links").get(0).get("href").asText().replace("https://downcheck.example/c/", "");
      assertThat(body).contains("Monitor: shop health", "State: GLOBAL_OUTAGE", "Summary: ",
          "https://downcheck.example/c/" + checkId);
      assertThat(body.lines().filter(l -> l.startsWith("Regions: "))).singleElement().satisfies(l ->
          assertThat(l).contains("eu-west", "us-east"));
      assertThat(checkId).startsWith("c-");
      assertThat(mail.getReceivedMessages()[1].getSubject()).isEqualTo("[downcheck] shop health is back up");

      JsonNode deliveries = Api.json(api.get("/api/v1/monitors/" + id + "/deliveries").body());
      assertThat(deliveries).extracting(d -> d.get("channel").asText())
          .contains("pagerduty", "opsgenie", "ntfy", "email");
      assertThat(deliveries).filteredOn(d -> d.get("channel").asText().equals("email"))
          .extracting(d -> d.get("status").asInt()).containsOnly(250);
      assertThat(deliveries.toString()).doesNotContain(ROUTING_KEY, GENIE_KEY, NTFY_TOKEN);
      assertThat(api.delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
    }
  }

  @Test
  void aChannelWithoutItsKeyIsAProblemNamingTheField() {
    HttpResponse<String> res = api.post("/api/v1/monitors", "{\"target\":\"http://127.0.0.1:9/\",\"notify\":["
        + "{\"type\":\"email\",\"to\":[\"ops@example.com\"]},{\"type\":\"pagerduty\"},"
        + "{\"type\":\"opsgenie\",\"apiKey\":\"not a key\"}]}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/problem+json"));
    JsonNode errors = Api.json(res.body()).get("errors");
    assertThat(errors).extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("notify[1].routingKey", "notify[2].apiKey");
    assertThat(res.body()).doesNotContain("not a key");
  }
}
