package downcheck.it;

import static downcheck.it.EndToEndTest.statusByRegion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.dev.EmbeddedKafka;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.testing.SseClient;
import downcheck.testing.TargetServer;
import downcheck.testing.TestAgents;
import downcheck.testing.TestCoordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two coordinators sharing check state through Hazelcast. The one that took a check is killed
 * mid-way (its Hazelcast member vanishes without leaving): the other folds the remaining results,
 * closes the check at its deadline, and its stream clients see the end. The survivor's own
 * count of the checks it closed proves which one did.
 */
class CoordinatorFailoverTest {
  static final String CLOSED_UP = "downcheck_verdicts_final_total{verdict=\"UP\"}";
  private final List<AutoCloseable> closers = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (Exception e) {
        // already closed by the test
      }
    }
  }

  @Test
  void theSurvivingCoordinatorClosesACheckWhoseCoordinatorWasKilled() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1", 0);
    closers.add(kafka);
    String cluster = "downcheck-failover-" + UUID.randomUUID();
    TestCoordinator a = TestCoordinator.start(kafka.bootstrapServers(), cluster, "a");
    closers.add(a);
    TestCoordinator b = TestCoordinator.start(kafka.bootstrapServers(), cluster, "b");
    closers.add(b);
    await("two members").atMost(Duration.ofSeconds(30)).until(() -> b.hazelcast().getCluster().getMembers().size() == 2);

    TestAgents agents = new TestAgents(kafka.bootstrapServers());
    closers.add(agents);
    TargetServer canary = TargetServer.ok(agents.vertx());
    agents.start("eu-west", "127.0.0.2", canary.url());
    agents.start("us-east", "127.0.0.3", canary.url());
    String ghost = agents.start("ghost", "127.0.0.9", canary.url());
    await("three regions live on B").atMost(Duration.ofSeconds(20)).until(() -> b.api().regionNames().size() == 3);

    try (TargetServer target = TargetServer.start(agents.vertx(),
        req -> agents.vertx().setTimer(800, t -> req.response().end("ok")))) {
      CheckView accepted = a.api().submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":2000}");
      try (SseClient onB = new SseClient(b.api().base() + "/api/v1/checks/" + accepted.id() + "/events")) {
        await("ghost probing").atMost(Duration.ofSeconds(10)).until(() -> target.callers().contains("127.0.0.9"));
        // the ghost region never answers, and the coordinator that took the check is killed
        agents.stop(ghost);
        a.kill();

        List<SseClient.Event> events = onB.untilEnd(Duration.ofSeconds(30));
        SseClient.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("final");
        CheckView fin = Codec.fromJson(last.data(), CheckView.class);
        assertThat(fin.verdict()).isEqualTo(Verdict.UP);
        assertThat(statusByRegion(fin)).containsEntry("ghost", RegionStatus.MISSING)
            .containsEntry("eu-west", RegionStatus.UP).containsEntry("us-east", RegionStatus.UP);
        assertThat(b.api().check(accepted.id()).isFinal()).isTrue();

        // B closed it: its own count of closed checks says so, A's does not
        assertThat(b.metric(CLOSED_UP)).isEqualTo(1.0);
        assertThat(a.metric(CLOSED_UP)).isZero();
        // and the stream heard it live, from B's final verdict on Kafka (a final "verdict" event
        // right before "final"), not from its safety net reading the store after the deadline
        SseClient.Event beforeLast = events.get(events.size() - 2);
        assertThat(beforeLast.name()).isEqualTo("verdict");
        assertThat(Codec.fromJson(beforeLast.data(), CheckView.class).isFinal()).isTrue();
      }
    }
  }
}
