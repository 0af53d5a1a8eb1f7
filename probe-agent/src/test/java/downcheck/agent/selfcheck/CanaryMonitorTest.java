package downcheck.agent.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.run.Probes;
import downcheck.agent.probe.UnacceptingServer;
import downcheck.model.check.ProbeKind;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    return monitor(canaries, new ArrayList<>());
  }

  /** The monitor on the real HTTP probe; {@code timeouts} gets the timeout of every probe it runs. */
  static CanaryMonitor monitor(List<String> canaries, List<Duration> timeouts) {
    Probe http = Probes.create(vertx, ProbeSettings.forRegion("test", null, true)).forKind(ProbeKind.HTTP);
    Probe seen = spec -> {
      timeouts.add(spec.timeout());
      return http.run(spec);
    };
    return new CanaryMonitor(vertx, seen, canaries, 60_000);
  }

  @Test
  void aRecheckOfACanaryThatNeverAnswersEndsWithinTheBudgetAndSaysTheNetworkFailed() {
    List<Duration> timeouts = new CopyOnWriteArrayList<>();
    CanaryMonitor m = monitor(List.of("http://127.0.0.1:" + blackhole.port() + "/"), timeouts);
    long t0 = System.nanoTime();
    String reason = Await.result(m.recheck(Duration.ofMillis(400)));
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(reason).contains("failed too at probe time").contains("CONNECT_TIMEOUT");
    // the re-check obeys the budget it is given, not the canary's own 3 s timeout: the probe is given
    // the budget, and waited it out (how soon the probe ends at its timeout is the probes' own tests')
    assertThat(timeouts).containsExactly(Duration.ofMillis(400));
    assertThat(tookMs).as("the re-check waited for the probe").isGreaterThanOrEqualTo(350L);
  }

  @Test
  void withNoTimeLeftTheLastRoundsJudgementStandsWithoutProbing() {
    List<Duration> timeouts = new CopyOnWriteArrayList<>();
    CanaryMonitor m = monitor(List.of("http://127.0.0.1:" + blackhole.port() + "/"), timeouts);
    assertThat(Await.result(m.recheck(Duration.ofMillis(10)))).isNull(); // no round yet: healthy
    assertThat(timeouts).as("probes run").isEmpty();
  }
}
