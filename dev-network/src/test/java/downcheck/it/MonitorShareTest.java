package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.testing.MovableClock;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Monitor runs have a share of each host's probe budget that ad-hoc checks cannot take
 * ({@code --target-monitor-share-percent}, 20 by default): 30 fresh checks of a host sent at
 * once, just after a minute's boundary, leave its monitor enough runs that minute to confirm an
 * outage. Without the share they took the whole minute's 30, every minute, and the monitor never
 * ran. Real parts: the embedded broker, one agent, a coordinator on a clock the test moves to the
 * next minute instead of waiting for it.
 */
class MonitorShareTest {
  static final int PER_MINUTE = 30;
  /** The coordinator's clock runs up to a minute ahead of the agent's: one heartbeat every 90 s keeps it live. */
  static final String HEARTBEAT_MS = "90000";
  static final MovableClock CLOCK = new MovableClock();
  static TestNetwork net;
  static WebhookReceiver receiver;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(CLOCK, Duration.ofMillis(1000), Set.of(), 0, PER_MINUTE,
        List.of("--monitor-min-interval-seconds", "1", "--monitor-tick-ms", "100"));
    TargetServer canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(canary.url()), "--heartbeat-interval-ms", HEARTBEAT_MS));
    receiver = new WebhookReceiver(net.vertx());
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void thirtyAdHocChecksOfAHostJustAfterTheMinuteDoNotKeepItsMonitorFromConfirmingAnOutage() {
    String victim = "http://127.0.0.1:" + closedPort() + "/";
    Instant minute = CLOCK.toNextMinute();

    // the attack: 30 fresh checks of the host at once, each with new probes
    List<CompletableFuture<HttpResponse<String>>> attack = IntStream.range(0, PER_MINUTE)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> net.api().post("/api/v1/checks",
            "{\"target\":\"" + victim + "?n=" + i + "\",\"regions\":[\"eu-west\"],\"timeoutMs\":1000,\"fresh\":true}")))
        .toList();
    List<Integer> statuses = attack.stream().map(f -> f.join().statusCode()).toList();
    int share = PER_MINUTE * 20 / 100;
    assertThat(statuses).as("ad-hoc checks stop short of the monitors' share")
        .filteredOn(s -> s == 202).hasSize(PER_MINUTE - share);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(share);

    String id = Monitors.create(net.api(), Monitors.body(victim, List.of("eu-west"), 2, receiver.url("/share"), "s"));
    // within the same minute: the monitor runs twice on its share and confirms the outage
    await("the monitor confirms the outage within the attacked minute").atMost(Duration.ofSeconds(20))
        .until(() -> Monitors.state(net.api(), id).equals("GLOBAL_OUTAGE"));
    assertThat(CLOCK.instant()).as("still the attacked minute").isBefore(minute.plusSeconds(60));
    assertThat(net.api().delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
