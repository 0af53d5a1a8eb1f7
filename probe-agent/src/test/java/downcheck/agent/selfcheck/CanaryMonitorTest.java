package downcheck.agent.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.run.Probes;
import downcheck.agent.probe.UnacceptingServer;
import downcheck.model.check.ProbeKind;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** "Is it me?" within the time the check's deadline leaves. */
class CanaryMonitorTest {
  static Vertx vertx;
  static UnacceptingServer blackhole;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    blackhole = new UnacceptingServer();
  }

  @AfterAll
  static void stop() throws Exception {
    blackhole.close();
    Await.result(vertx.close());
  }

  static CanaryMonitor monitor(List<String> canaries) {
    Probes probes = Probes.create(vertx, ProbeSettings.forRegion("test", null, true));
    return new CanaryMonitor(vertx, probes.forKind(ProbeKind.HTTP), canaries, 60_000);
  }

  @Test
  void aRecheckOfACanaryThatNeverAnswersEndsWithinTheBudgetAndSaysTheNetworkFailed() {
    CanaryMonitor m = monitor(List.of("http://127.0.0.1:" + blackhole.port() + "/"));
    long t0 = System.nanoTime();
    String reason = Await.result(m.recheck(Duration.ofMillis(400)));
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(reason).contains("failed too at probe time").contains("CONNECT_TIMEOUT");
    assertThat(tookMs).as("the re-check obeys the budget it is given").isBetween(350L, 1200L);
  }

  @Test
  void withNoTimeLeftTheLastRoundsJudgementStandsWithoutProbing() {
    CanaryMonitor m = monitor(List.of("http://127.0.0.1:" + blackhole.port() + "/"));
    long t0 = System.nanoTime();
    assertThat(Await.result(m.recheck(Duration.ofMillis(10)))).isNull(); // no round yet: healthy
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(200L);
  }
}
