package downcheck.faults;

import static downcheck.faults.Checks.body;
import static downcheck.faults.Checks.statusByRegion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.dev.EmbeddedKafka;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestAgents;
import downcheck.testing.TestCoordinator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker stops while checks are in flight and comes back (same address, same data): every
 * check accepted before the stop still ends final with the verdict its probes say.
 */
class BrokerRestartTest {
  static final List<String> REGIONS = List.of("eu-west", "us-east");

  private EmbeddedKafka kafka;
  private TestCoordinator coordinator;
  private TestAgents agents;
  private Path data;

  @AfterEach
  void closeAll() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {agents, coordinator, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing anyway
      }
    }
    if (data != null) {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void checksAcceptedBeforeTheBrokerStoppedEndFinalWithTheRightVerdictOnceItIsBack() throws Exception {
    data = Files.createTempDirectory("downcheck-broker-restart-");
    int port = freePort();
    kafka = EmbeddedKafka.start("127.0.0.1", port, data);
    coordinator = TestCoordinator.start(kafka.bootstrapServers(), "downcheck-broker-" + UUID.randomUUID(), "c");
    agents = new TestAgents(kafka.bootstrapServers());
    TargetServer canary = TargetServer.ok(agents.vertx());
    agents.start("eu-west", "127.0.0.2", canary.url());
    agents.start("us-east", "127.0.0.3", canary.url());
    Api api = coordinator.api();
    await("regions live").atMost(Duration.ofSeconds(20)).until(() -> api.regionNames().size() == 2);

    // answers after 1.5 s, so both checks are in flight when the broker goes
    try (TargetServer up = TargetServer.start(agents.vertx(), req -> agents.vertx().setTimer(1500,
        t -> req.response().end("ok")));
         TargetServer failing = TargetServer.start(agents.vertx(), req -> agents.vertx().setTimer(1500,
             t -> req.response().setStatusCode(500).end("boom")))) {
      CheckView toUp = api.submit(body(up.url(), REGIONS, 25_000));
      CheckView toFailing = api.submit(body(failing.url(), REGIONS, 25_000));
      await("both probed from both regions").atMost(Duration.ofSeconds(10))
          .until(() -> up.callers().size() == 2 && failing.callers().size() == 2);

      kafka.close();
      kafka = EmbeddedKafka.start("127.0.0.1", port, data);

      CheckView upDone = api.awaitFinal(toUp.id(), Duration.ofSeconds(40));
      CheckView failingDone = api.awaitFinal(toFailing.id(), Duration.ofSeconds(40));
      assertThat(upDone.verdict()).isEqualTo(Verdict.UP);
      assertThat(statusByRegion(upDone)).containsOnly(
          java.util.Map.entry("eu-west", RegionStatus.UP), java.util.Map.entry("us-east", RegionStatus.UP));
      assertThat(failingDone.verdict()).isEqualTo(Verdict.GLOBAL_OUTAGE);
      assertThat(failingDone.quorum().reported()).isEqualTo(2);
      // and both are in the host's history, as any final check is
      await("history").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonNode history = Api.json(api.get("/api/v1/targets/127.0.0.1/history").body());
        assertThat(history.findValuesAsText("id")).contains(toUp.id(), toFailing.id());
      });
    }
  }

  @Test
  void aCheckClosedWhileTheBrokerIsGoneIsFinalAndInItsHostsHistoryAtOnce() throws Exception {
    data = Files.createTempDirectory("downcheck-broker-gone-");
    kafka = EmbeddedKafka.start("127.0.0.1", freePort(), data);
    coordinator = TestCoordinator.start(kafka.bootstrapServers(), "downcheck-broker-" + UUID.randomUUID(), "c");
    agents = new TestAgents(kafka.bootstrapServers());
    TargetServer canary = TargetServer.ok(agents.vertx());
    agents.start("eu-west", "127.0.0.2", canary.url());
    Api api = coordinator.api();
    await("region live").atMost(Duration.ofSeconds(20)).until(() -> api.regionNames().size() == 1);

    // the target never answers within the check's 1 s: the check is closed at its deadline, by
    // then with no broker to publish its verdict to
    try (TargetServer slow = TargetServer.start(agents.vertx(), "127.0.0.31", req -> { })) {
      CheckView accepted = api.submit(body(slow.url(), List.of("eu-west"), 1000));
      await("probed").atMost(Duration.ofSeconds(10)).until(() -> slow.callers().size() == 1);
      kafka.close();

      CheckView done = api.awaitFinal(accepted.id(), Duration.ofSeconds(10));
      assertThat(done.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      // in the history at once, not after the producer gives up on the broker (15 s), nor never
      await("in the history with the broker still gone").atMost(Duration.ofSeconds(3)).untilAsserted(() ->
          assertThat(Api.json(api.get("/api/v1/targets/127.0.0.31/history").body()).findValuesAsText("id"))
              .containsExactly(accepted.id()));
    }
    // and with the broker still gone, the coordinator stops within a container's grace period
    agents.close();
    agents = null;
    long t0 = System.nanoTime();
    coordinator.close();
    coordinator = null;
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
