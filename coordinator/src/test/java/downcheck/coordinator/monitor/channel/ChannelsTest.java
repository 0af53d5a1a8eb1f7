package downcheck.coordinator.monitor.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import downcheck.coordinator.monitor.webhook.TestCertificates;
import downcheck.coordinator.monitor.webhook.WebhookSettings;
import downcheck.model.check.AddressPolicy;
import downcheck.model.monitor.Channel;
import downcheck.model.wire.Codec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each channel format as its service receives it, sent by {@link Channels} through the real HTTP
 * client to a local receiver that stands in for the service (PagerDuty, Opsgenie, Teams, Discord,
 * ntfy, Slack, a webhook), and an email through a real SMTP server (GreenMail) over TLS with
 * authentication, read as its recipient reads it.
 */
class ChannelsTest {
  static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
  static final String ROUTING_KEY = "R0UTINGKEY0123456789abcdefABCDEF";
  static final String GENIE_KEY = "eb243592-faa2-4ba2-a551-1afdf565c889";
  static final String NTFY_TOKEN = "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2";
  static final String MAIL_USER = "downcheck";
  static final String MAIL_PASSWORD = "mail-s3cret";

  /** One request as the stand-in service received it. */
  record Received(String path, String query, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }

    JsonNode json() {
      try {
        return Codec.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  static Vertx vertx;
  static HttpServer service;
  static final List<Received> received = new CopyOnWriteArrayList<>();
  static GreenMail mail;
  static TestCertificates certs;
  static Path trustFile;
  static Channels channels;
  static TestCertificates.Issued smtpLeaf;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    service = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Map<String, String> headers = new HashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
      received.add(new Received(req.path(), req.query(), headers, body.toString(StandardCharsets.UTF_8)));
      req.response().setStatusCode(req.path().startsWith("/discord") ? 204 : 202).end();
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    certs = new TestCertificates();
    TestCertificates.Issued leaf = certs.leaf("localhost", T.minusSeconds(86_400), Instant.now().plusSeconds(86_400));
    Path keystore = dir.resolve("smtp.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("smtp", leaf.key(), "changeit".toCharArray(), new Certificate[] {leaf.cert(), certs.ca().cert()});
    try (OutputStream out = Files.newOutputStream(keystore)) {
      ks.store(out, "changeit".toCharArray());
    }
    System.setProperty("greenmail.tls.keystore.file", keystore.toString());
    System.setProperty("greenmail.tls.keystore.password", "changeit");
    System.setProperty("greenmail.tls.key.password", "changeit");
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
    mail.start();
    mail.setUser("downcheck@example.com", MAIL_USER, MAIL_PASSWORD);
    trustFile = dir.resolve("ca.pem");
    Files.writeString(trustFile, certs.ca().certificatePem());
    smtpLeaf = leaf;
    channels = channels("localhost", mail.getSmtps().getPort(), MAIL_PASSWORD);
  }

  static Channels channels(String smtpHost, int smtpPort, String password) {
    String base = "http://127.0.0.1:" + service.actualPort();
    ChannelSettings settings = new ChannelSettings(java.net.URI.create(base + "/v2/enqueue"),
        java.net.URI.create(base + "/opsgenie-us"), java.net.URI.create(base + "/opsgenie-eu/"),
        "https://downcheck.example", new ChannelSettings.Smtp(smtpHost, smtpPort,
        "downcheck@example.com", MAIL_USER, password, true, ChannelSettings.StartTls.OFF, Duration.ofSeconds(20),
        trustFile));
    return new Channels(vertx, settings, new WebhookSettings(Duration.ofSeconds(5), 8, List.of(), Set.of()),
        new AddressPolicy(true));
  }

  @AfterAll
  static void stop() {
    if (channels != null) {
      channels.close();
    }
    if (mail != null) {
      mail.stop();
    }
    System.clearProperty("greenmail.tls.keystore.file");
    System.clearProperty("greenmail.tls.keystore.password");
    System.clearProperty("greenmail.tls.key.password");
    if (vertx != null) {
      vertx.close();
    }
  }

  @BeforeEach
  void forget() {
    received.clear();
  }

  static Alert alert(Alert.Level level, String event, String title) {
    return new Alert(event, "d-abc-" + level.ordinal(), "m-abc", level, "https://shop.example/", title,
        title + ": connection refused from 3 regions",
        List.of(new Alert.Fact("Monitor", "shop"), new Alert.Fact("Target", "https://shop.example/"),
            new Alert.Fact("State", "GLOBAL_OUTAGE"), new Alert.Fact("Regions", "eu-west, us-east, ap-south"),
            new Alert.Fact("Summary", "connection refused from 3 regions")),
        "https://downcheck.example/c/c-1", T, c -> Map.of("event", event, "channel", c.shown()));
  }

  static final Channel EMAIL = new Channel(Channel.EMAIL, null, null, List.of("ops@example.com"), null, null, null,
      null);
  static final Alert DOWN = alert(Alert.Level.CRITICAL, "monitor.down", "shop is down for everyone");
  static final Alert UP = alert(Alert.Level.RESOLVED, "monitor.up", "shop is back up");

  static int send(Channel channel, Alert alert) {
    Future<Integer> f = channels.send(channel, alert);
    try {
      return f.toCompletionStage().toCompletableFuture().get(25, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("not sent: " + e.getMessage(), e);
    }
  }

  static String url(String path) {
    return "http://127.0.0.1:" + service.actualPort() + path;
  }

  @Test
  void pagerDutyIsTriggeredThenResolvedUnderTheMonitorsDedupKey() {
    Channel pd = new Channel(Channel.PAGERDUTY, null, null, null, ROUTING_KEY, null, null, null);
    assertThat(send(pd, DOWN)).isEqualTo(202);
    assertThat(send(pd, UP)).isEqualTo(202);

    assertThat(received).extracting(Received::path).containsExactly("/v2/enqueue", "/v2/enqueue");
    Received trigger = received.get(0);
    assertThat(trigger.header("Content-Type")).isEqualTo("application/json");
    JsonNode t = trigger.json();
    assertThat(t.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(t.get("event_action").asText()).isEqualTo("trigger");
    assertThat(t.get("dedup_key").asText()).isEqualTo("m-abc");
    JsonNode payload = t.get("payload");
    assertThat(payload.get("summary").asText()).isEqualTo("shop is down for everyone: connection refused from 3 regions");
    assertThat(payload.get("source").asText()).isEqualTo("https://shop.example/");
    assertThat(payload.get("severity").asText()).isEqualTo("critical");
    assertThat(payload.get("timestamp").asText()).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(payload.get("custom_details").get("Regions").asText()).isEqualTo("eu-west, us-east, ap-south");
    assertThat(t.get("links").get(0).get("href").asText()).isEqualTo("https://downcheck.example/c/c-1");

    JsonNode r = received.get(1).json();
    assertThat(r.get("event_action").asText()).isEqualTo("resolve");
    assertThat(r.get("dedup_key").asText()).isEqualTo("m-abc");
    assertThat(r.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(r.has("payload")).as("a resolve carries no payload").isFalse();
  }

  @Test
  void opsgenieCreatesAnAlertAliasedByTheMonitorAndClosesItByThatAliasAtTheAccountsRegion() {
    Channel eu = new Channel(Channel.OPSGENIE, null, null, null, null, GENIE_KEY, "eu", null);
    assertThat(send(eu, DOWN)).isEqualTo(202);
    assertThat(send(eu, UP)).isEqualTo(202);
    assertThat(send(new Channel(Channel.OPSGENIE, null, null, null, null, GENIE_KEY, "us", null), DOWN)).isEqualTo(202);

    assertThat(received).extracting(Received::path)
        .containsExactly("/opsgenie-eu/v2/alerts", "/opsgenie-eu/v2/alerts/m-abc/close", "/opsgenie-us/v2/alerts");
    Received create = received.get(0);
    assertThat(create.header("Authorization")).isEqualTo("GenieKey " + GENIE_KEY);
    JsonNode c = create.json();
    assertThat(c.get("message").asText()).isEqualTo("shop is down for everyone");
    assertThat(c.get("alias").asText()).isEqualTo("m-abc");
    assertThat(c.get("priority").asText()).isEqualTo("P1");
    assertThat(c.get("description").asText()).contains("Regions: eu-west, us-east, ap-south")
        .contains("https://downcheck.example/c/c-1");
    Received close = received.get(1);
    assertThat(close.query()).isEqualTo("identifierType=alias");
    assertThat(close.header("Authorization")).isEqualTo("GenieKey " + GENIE_KEY);
    assertThat(close.json().get("source").asText()).isEqualTo("downcheck");
  }

  @Test
  void teamsGetsAnAdaptiveCardInTheMessageAWorkflowTakes() {
    assertThat(send(new Channel(Channel.TEAMS, url("/teams/workflow?sig=x"), null), DOWN)).isEqualTo(202);

    Received r = received.get(0);
    assertThat(r.query()).isEqualTo("sig=x");
    JsonNode m = r.json();
    assertThat(m.get("type").asText()).isEqualTo("message");
    JsonNode attachment = m.get("attachments").get(0);
    assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asText()).isEqualTo("1.4");
    assertThat(card.get("body").get(0).get("text").asText()).isEqualTo("shop is down for everyone");
    assertThat(card.get("body").get(2).get("type").asText()).isEqualTo("FactSet");
    assertThat(card.get("body").get(2).get("facts").get(3).get("value").asText()).isEqualTo("eu-west, us-east, ap-south");
    assertThat(card.get("actions").get(0).get("url").asText()).isEqualTo("https://downcheck.example/c/c-1");
  }

  @Test
  void discordGetsAnEmbedThatCanMentionNoOne() {
    assertThat(send(new Channel(Channel.DISCORD, url("/discord/api/webhooks/1/tok"), null), DOWN)).isEqualTo(204);

    JsonNode m = received.get(0).json();
    assertThat(m.get("content").asText()).isEqualTo("shop is down for everyone");
    assertThat(m.get("allowed_mentions").get("parse")).isEmpty();
    JsonNode embed = m.get("embeds").get(0);
    assertThat(embed.get("title").asText()).isEqualTo("shop is down for everyone");
    assertThat(embed.get("color").asInt()).isEqualTo(DiscordFormat.RED);
    assertThat(embed.get("url").asText()).isEqualTo("https://downcheck.example/c/c-1");
    assertThat(embed.get("fields")).hasSize(5);
    assertThat(embed.get("timestamp").asText()).isEqualTo("2026-11-25T10:00:00Z");
  }

  @Test
  void ntfyGetsTheSentenceWithTitlePriorityTagsLinkAndToken() {
    Channel ntfy = new Channel(Channel.NTFY, url("/ntfy/shop-alerts"), null, null, null, null, null, NTFY_TOKEN);
    assertThat(send(ntfy, alert(Alert.Level.CRITICAL, "monitor.down", "Café is down for everyone"))).isEqualTo(202);
    assertThat(send(ntfy, UP)).isEqualTo(202);

    Received down = received.get(0);
    assertThat(down.body()).isEqualTo("Café is down for everyone: connection refused from 3 regions");
    assertThat(down.header("Content-Type")).startsWith("text/plain");
    assertThat(down.header("Title")).as("RFC 2047, as ntfy takes non-ASCII headers")
        .isEqualTo("=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(
            "Café is down for everyone".getBytes(StandardCharsets.UTF_8)) + "?=");
    assertThat(down.header("Priority")).isEqualTo("5");
    assertThat(down.header("Tags")).isEqualTo("rotating_light,downcheck");
    assertThat(down.header("Click")).isEqualTo("https://downcheck.example/c/c-1");
    assertThat(down.header("Authorization")).isEqualTo("Bearer " + NTFY_TOKEN);
    Received up = received.get(1);
    assertThat(up.header("Title")).isEqualTo("shop is back up");
    assertThat(up.header("Tags")).startsWith("white_check_mark");
  }

  @Test
  void aWebhookIsSignedAndSlackGetsItsTextBothWithTheDeliveryHeaders() {
    assertThat(send(new Channel(Channel.WEBHOOK, url("/hook"), "s3cret"), DOWN)).isEqualTo(202);
    assertThat(send(new Channel(Channel.SLACK, url("/slack"), null), DOWN)).isEqualTo(202);

    Received hook = received.get(0);
    assertThat(hook.header("X-Downcheck-Signature")).isEqualTo("sha256="
        + WebhookFormat.sign("s3cret", hook.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(hook.json().get("channel").get("url").asText()).as("its own channel, redacted")
        .isEqualTo("http://127.0.0.1:" + service.actualPort() + "/…");
    assertThat(received.get(1).json().get("text").asText()).isEqualTo(DOWN.text());
    assertThat(received).allSatisfy(r -> {
      assertThat(r.header("X-Downcheck-Event")).isEqualTo("monitor.down");
      assertThat(r.header("X-Downcheck-Delivery")).isEqualTo(DOWN.deliveryId());
    });
  }

  @Test
  void theSignatureIsTheHexHmacSha256OfTheRawBody() {
    // RFC 4231, test case 2
    assertThat(WebhookFormat.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void anEmailArrivesOverTlsAfterAuthenticationAndSaysWhatWhereAndWhere() throws Exception {
    mail.purgeEmailFromAllMailboxes();
    Channel email = new Channel(Channel.EMAIL, null, null, List.of("ops@example.com", "oncall@example.org"), null,
        null, null, null);
    assertThat(send(email, DOWN)).isEqualTo(SmtpSender.ACCEPTED);

    assertThat(mail.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage m = mail.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[downcheck] shop is down for everyone");
    assertThat(m.getFrom()[0].toString()).isEqualTo("downcheck@example.com");
    assertThat(m.getAllRecipients()).extracting(Object::toString)
        .containsExactlyInAnyOrder("ops@example.com", "oncall@example.org");
    assertThat(m.getHeader("X-Downcheck-Delivery")[0]).isEqualTo(DOWN.deliveryId());
    String body = String.valueOf(m.getContent()).replace("\r\n", "\n");
    assertThat(body).contains("shop is down for everyone: connection refused from 3 regions")
        .contains("Monitor: shop").contains("State: GLOBAL_OUTAGE").contains("Regions: eu-west, us-east, ap-south")
        .contains("Summary: connection refused from 3 regions").contains("https://downcheck.example/c/c-1");
  }

  @Test
  void noEmailIsSentWithAWrongPassword() throws Exception {
    mail.purgeEmailFromAllMailboxes();
    Channels wrongPassword = channels("localhost", mail.getSmtps().getPort(), "guessed");
    try {
      Future<Integer> refused = wrongPassword.send(EMAIL, DOWN);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(25)).until(refused::isComplete);
      assertThat(refused.failed()).isTrue();
      assertThat(refused.cause().getMessage()).startsWith("SMTP 535").doesNotContain("guessed");
      assertThat(mail.getReceivedMessages()).isEmpty();
    } finally {
      wrongPassword.close();
    }
  }

  @Test
  void aServerWhoseCertificateDoesNotNameTheSmtpHostIsNotTrusted() throws Exception {
    // a TLS server with the certificate for localhost, reached as 127.0.0.1: trusted chain, wrong name
    NetServer server = vertx.createNetServer(new NetServerOptions().setSsl(true).setKeyCertOptions(smtpLeaf.keyCert()))
        .connectHandler(socket -> socket.write("220 stand-in ESMTP\r\n"));
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Channels wrongName = channels("127.0.0.1", server.actualPort(), MAIL_PASSWORD);
    try {
      Future<Integer> unverified = wrongName.send(EMAIL, DOWN);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(25)).until(unverified::isComplete);
      assertThat(unverified.failed()).isTrue();
      assertThat(unverified.cause().getMessage()).contains("does not name 127.0.0.1");
    } finally {
      wrongName.close();
      server.close();
    }
  }

  @Test
  void anErrorNeverShowsTheChannelsSecrets() {
    Channel ntfy = new Channel(Channel.NTFY, "https://ntfy.example/shop-alerts", null, null, null, null, null, NTFY_TOKEN);
    assertThat(Channels.shown("POST https://ntfy.example/shop-alerts with " + NTFY_TOKEN + " failed", ntfy))
        .isEqualTo("POST https://ntfy.example/… with … failed");
  }
}
