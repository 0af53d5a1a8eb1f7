package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.testing.Api;
import downcheck.testing.MovableClock;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A monitor's runs and the per-target limit (docs/monitors.md, Limits): runs count in the
 * target's limit, and a run the limit refuses waits its {@code Retry-After}, on real parts (the
 * embedded broker, Hazelcast, agents in three regions). The limit counts per minute of the
 * coordinator's clock, which the test moves instead of waiting.
 */
class MonitorRateLimitTest {
  static final Duration SOON = Duration.ofSeconds(30);
  static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
  static final int LIMIT = 3;
  /** The target's own host, so that no other target counts in its limit. */
  static final String HOST = "127.0.0.9";
  /**
   * The coordinator's clock runs up to two minutes ahead of the agents', and an agent is live for
   * three heartbeat intervals from its last: one every 90 s keeps them live to the coordinator.
   */
  static final String HEARTBEAT_MS = "90000";

  static final MovableClock CLOCK = new MovableClock();
  static TestNetwork net;
  static Api api;
  static WebhookReceiver receiver;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(CLOCK, Duration.ofMillis(1000), Set.of(), 0, LIMIT,
        List.of("--monitor-min-interval-seconds", "1", "--monitor-tick-ms", "100"));
    api = net.api();
    receiver = new WebhookReceiver(net.vertx());
    TargetServer canary = TargetServer.ok(net.vertx());
    for (int i = 0; i < REGIONS.size(); i++) {
      net.startAgent(net.agent(REGIONS.get(i), REGIONS.get(i) + "-a1", "127.0.0." + (2 + i), List.of(canary.url()),
          "--heartbeat-interval-ms", HEARTBEAT_MS));
    }
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aMonitorsRunsCountInItsTargetsLimitAndARefusedRunWaitsItsRetryAfterThenGoes() {
    // what is held back within one minute must fit in it: start one
    long minute = minuteOf(CLOCK.toNextMinute());
    try (TargetServer target = TargetServer.start(net.vertx(), HOST, req -> req.response().end("ok"))) {
      // one run a second, were it not for the limit
      String id = Monitors.create(api, Monitors.body(target.url(), REGIONS, 1, receiver.url("/rate"), "k"));
      await("the limit's runs").atMost(SOON).until(() -> runs().size() == LIMIT);

      // the runs counted: a person's fresh check of the host is refused now
      long left = 60 - secondsInto(CLOCK.instant());
      HttpResponse<String> fresh = api.post("/api/v1/checks", "{\"target\":\"" + target.url() + "\",\"fresh\":true}");
      Instant answered = CLOCK.instant();
      assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(429);
      assertThat(Api.json(fresh.body()).get("detail").asText()).contains(HOST);
      long retryAfter = Long.parseLong(fresh.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, left + 1);

      // held back: at one run a second it would have run four more times by now
      await("no run past the limit").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
          .until(() -> runs().size() == LIMIT);
      assertThat(target.callers()).as("one set of probes per run").hasSize(LIMIT * REGIONS.size());
      assertThat(runs()).allMatch(t -> minuteOf(t) == minute);
      assertThat(minuteOf(CLOCK.instant())).as("the test fit in one minute").isEqualTo(minute);
      assertThat(Monitors.state(api, id)).isEqualTo("UP");

      // the refused run waits for the next minute, no longer: once the clock is past the time the
      // limit told, it runs, as that minute starts
      CLOCK.forwardTo(answered.plusSeconds(retryAfter));
      await("a run in the next minute").atMost(SOON).until(() -> runs().size() > LIMIT);
      Instant next = runs().get(0);
      assertThat(minuteOf(next)).isEqualTo(minute + 1);
      assertThat(secondsInto(next)).as("seconds into the minute of " + next).isLessThan(5);
      assertThat(api.delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
    }
  }

  /** When each final check of the host was created, newest first. */
  private static List<Instant> runs() {
    List<Instant> out = new ArrayList<>();
    for (JsonNode c : Api.json(api.get("/api/v1/targets/" + HOST + "/history?limit=50").body())) {
      out.add(Instant.parse(c.get("createdAt").asText()));
    }
    return out;
  }

  private static long minuteOf(Instant t) {
    return t.toEpochMilli() / 60_000;
  }

  private static long secondsInto(Instant t) {
    return t.toEpochMilli() % 60_000 / 1000;
  }
}
