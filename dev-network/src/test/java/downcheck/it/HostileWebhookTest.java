package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.testing.Api;
import downcheck.testing.HostileReceiver;
import downcheck.testing.HostileReceiver.Connection;
import downcheck.testing.ScriptedDns;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hostile webhook receiver cannot hold a coordinator's memory or time, nor turn it against
 * internal hosts (docs/security.md, "A hostile webhook receiver"). One guarded network (private
 * targets refused, as in production) whose webhooks may reach only 127.0.0.1 and 127.0.0.2, named
 * through a DNS server the test runs on loopback; one attempt per notification, a 2 s deadline,
 * one delivery in flight. Each monitor's target is a name the agent resolves to a closed port, so
 * it goes down at its first run and notifies once.
 */
class HostileWebhookTest {
  static final Duration DEADLINE = Duration.ofSeconds(2);
  static final Duration SOON = Duration.ofSeconds(30);
  static final List<String> REGIONS = List.of("eu-west");
  static final long MiB = 1 << 20;

  static ScriptedDns dns;
  static TestNetwork net;
  static Api api;
  static String target;

  @BeforeAll
  static void startNetwork() {
    dns = new ScriptedDns().answer("down.test", "127.0.0.1");
    net = TestNetwork.startGuarded(Duration.ofMillis(1000), List.of("--monitor-min-interval-seconds", "1",
        "--monitor-tick-ms", "100", "--monitor-delivery-attempts", "1", "--webhook-timeout-ms",
        String.valueOf(DEADLINE.toMillis()), "--webhook-max-in-flight", "1", "--webhook-dns-servers", dns.address(),
        "--webhook-allow-addresses", "127.0.0.1,127.0.0.2"));
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    for (String region : REGIONS) {
      net.startAgent(net.agent(region, region + "-a1", null, List.of(canary.url()), "--dns-servers", dns.address()));
    }
    target = "http://down.test:" + closedPort() + "/";
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  void anEndlessBodyIsNeverReadTheStatusIsEnoughAndTheConnectionIsCut() {
    try (HostileReceiver endless = HostileReceiver.on("127.0.0.1", HostileReceiver.endlessBody(64 * MiB))) {
      String id = monitor(endless.url("/endless"));
      JsonNode attempt = firstAttempt(id);
      assertThat(attempt.get("status").asInt()).as(attempt.toString()).isEqualTo(200);
      assertThat(attempt.get("error").isNull()).as(attempt.toString()).isTrue();
      Connection c = closed(endless);
      assertThat(Duration.ofMillis(c.closedAt() - c.openedAt())).as("connection cut by the coordinator")
          .isLessThan(DEADLINE);
      // what the kernel's socket buffers took before the cut; a reader of the body takes all 64 MiB in a second
      assertThat(endless.sent()).as("bytes the receiver sent").isLessThan(16 * MiB);
      assertThat(api.get("/api/v1/monitors/" + id).statusCode()).as("the coordinator answers").isEqualTo(200);
      delete(id);
    }
  }

  @Test
  void aReceiverThatStallsAfterItsHeadersHasAnsweredTheDeliveryDoesNotWaitForItsBody() {
    try (HostileReceiver stall = HostileReceiver.on("127.0.0.1", HostileReceiver.stallAfterHeaders())) {
      String id = monitor(stall.url("/stall"));
      JsonNode attempt = firstAttempt(id);
      assertThat(attempt.get("status").asInt()).as(attempt.toString()).isEqualTo(200);
      Connection c = closed(stall);
      assertThat(Duration.ofMillis(c.closedAt() - c.openedAt())).as("connection closed by the coordinator")
          .isLessThan(DEADLINE);
      delete(id);
    }
  }

  @Test
  void aStatusLineTrickledOneByteAtATimeMeetsTheWholeAttemptsDeadline() {
    try (HostileReceiver trickle = HostileReceiver.on("127.0.0.1", HostileReceiver.trickle(250))) {
      String id = monitor(trickle.url("/trickle"));
      JsonNode attempt = firstAttempt(id);
      assertThat(attempt.get("status").isNull()).as(attempt.toString()).isTrue();
      assertThat(attempt.get("error").asText()).contains("no answer within " + DEADLINE.toMillis() + " ms");
      Connection c = closed(trickle);
      // an idle timeout would never fire: a byte comes every 250 ms
      assertThat(Duration.ofMillis(c.closedAt() - c.openedAt())).as("the attempt's whole time")
          .isLessThan(DEADLINE.plusSeconds(1));
      delete(id);
    }
  }

  @Test
  void aRedirectIsAFailedAttemptAndItsLocationIsNeverAsked() {
    try (HostileReceiver elsewhere = HostileReceiver.on("127.0.0.1", HostileReceiver.ok());
        HostileReceiver redirecting = HostileReceiver.on("127.0.0.1",
            HostileReceiver.redirect(elsewhere.url("/internal")))) {
      String id = monitor(redirecting.url("/moved"));
      JsonNode attempt = firstAttempt(id);
      assertThat(attempt.get("status").asInt()).isEqualTo(307);
      assertThat(attempt.get("error").asText()).isEqualTo("HTTP 307: redirects are not followed");
      closed(redirecting);
      assertThat(elsewhere.accepted()).as("connections to the redirect's Location").isZero();
      delete(id);
    }
  }

  @Test
  void aRebindingNameIsPostedToTheAddressJudgedNeverToItsNextAnswer() {
    try (HostileReceiver judged = HostileReceiver.on("127.0.0.2", HostileReceiver.ok());
        HostileReceiver internal = HostileReceiver.on("127.0.0.3", judged.port(), HostileReceiver.ok())) {
      // TTL 0: an allowed address first, a refused one (standing for 10.x or 169.254.169.254) from then on
      dns.answers("rebind.test", List.of("127.0.0.2"), List.of("127.0.0.3"));
      String id = monitor("http://rebind.test:" + judged.port() + "/hook");
      JsonNode attempt = firstAttempt(id);
      assertThat(attempt.get("status").asInt()).as(attempt.toString()).isEqualTo(200);
      assertThat(judged.connections()).singleElement()
          .satisfies(c -> assertThat(c.head()).contains("Host: rebind.test:" + judged.port() + "\r\n"));
      assertThat(internal.accepted()).as("connections to the second answer").isZero();
      assertThat(dns.asked("rebind.test")).as("lookups of the name").isEqualTo(1);
      delete(id);
    }
  }

  @Test
  void aNameWithOneRefusedAddressAmongItsAnswersIsRefusedAndNothingIsSent() {
    try (HostileReceiver allowed = HostileReceiver.on("127.0.0.2", HostileReceiver.ok());
        HostileReceiver internal = HostileReceiver.on("127.0.0.3", allowed.port(), HostileReceiver.ok())) {
      dns.answer("mixed.test", "127.0.0.2", "127.0.0.3");
      String id = monitor("http://mixed.test:" + allowed.port() + "/hook");
      JsonNode attempt = firstAttempt(id);
      assertThat(attempt.get("status").isNull()).isTrue();
      assertThat(attempt.get("error").asText()).startsWith("refused: mixed.test resolves to 1 of 2 addresses that are not allowed: loopback");
      assertThat(allowed.accepted() + internal.accepted()).as("connections").isZero();
      delete(id);
    }
  }

  @Test
  void pastTheCapADeliveryWaitsInTheOutboxUntilTheOneInFlightEnds() {
    try (HostileReceiver trickle = HostileReceiver.on("127.0.0.1", HostileReceiver.trickle(250))) {
      String first = monitor(trickle.url("/a"));
      String second = monitor(trickle.url("/b"));
      JsonNode a = firstAttempt(first);
      JsonNode b = firstAttempt(second);
      await("both connections closed").atMost(SOON).until(() -> trickle.connections().size() == 2
          && trickle.connections().stream().allMatch(c -> c.closedAt() > 0));
      List<Connection> both = trickle.connections();
      long firstEnded = Math.min(Instant.parse(a.get("at").asText()).toEpochMilli(),
          Instant.parse(b.get("at").asText()).toEpochMilli());
      // --webhook-max-in-flight 1: the second waited in its outbox until the first had met its deadline
      assertThat(both.get(1).openedAt()).as("the second connection opened after the first attempt ended")
          .isGreaterThanOrEqualTo(firstEnded - 50);
      assertThat(List.of(a, b)).allSatisfy(x -> assertThat(x.get("error").asText()).contains("no answer within"));
      delete(first);
      delete(second);
    }
  }

  /** A monitor of the down target, notifying this URL; created through the API, so its URL passes the rules. */
  private static String monitor(String hook) {
    return Monitors.create(api, Monitors.body(target, REGIONS, 1, hook, "s3cret"));
  }

  /** The monitor's first delivery attempt, as the deliveries log shows it. */
  private static JsonNode firstAttempt(String id) {
    await("an attempt logged").atMost(SOON).until(() -> deliveries(id).size() >= 1);
    JsonNode log = deliveries(id);
    assertThat(log).as("one attempt per notification here").hasSize(1);
    return log.get(0);
  }

  private static JsonNode deliveries(String id) {
    return Api.json(api.get("/api/v1/monitors/" + id + "/deliveries").body());
  }

  /** The receiver's one connection, once it has ended. */
  private static Connection closed(HostileReceiver receiver) {
    await("the connection ended").atMost(DEADLINE.multipliedBy(3))
        .until(() -> !receiver.connections().isEmpty() && receiver.connections().get(0).closedAt() > 0);
    return receiver.connections().get(0);
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
