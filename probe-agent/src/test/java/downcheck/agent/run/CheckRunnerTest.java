package downcheck.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.intake.Admission;
import downcheck.agent.probe.Await;
import downcheck.agent.probe.CountingServer;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.selfcheck.CanaryMonitor;
import downcheck.agent.telemetry.AgentMetrics;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One check through the pipeline, without a verticle or Kafka: real lanes probe a real loopback
 * server, a real canary monitor answers "is it me?", and the published results are collected.
 */
class CheckRunnerTest {
  static final String REGION = "test";
  static Vertx vertx;
  static CountingServer server;
  static ProbeLanes lanes;
  static ProbeLanes guardedLanes;

  final List<ProbeResult> published = new CopyOnWriteArrayList<>();
  MeterRegistry registry;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = CountingServer.start(vertx, "127.0.0.1", req -> {
      if (req.path().startsWith("/slow")) {
        vertx.setTimer(2000, id -> req.response().end());
      } else {
        req.response().setStatusCode(req.path().startsWith("/fail") ? 503 : 200).end();
      }
    });
    lanes = Await.result(ProbeLanes.deploy(vertx, ProbeSettings.forRegion(REGION, null, true), 2));
    guardedLanes = Await.result(ProbeLanes.deploy(vertx, ProbeSettings.forRegion(REGION, null, false), 1));
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @BeforeEach
  void freshMeters() {
    registry = new SimpleMeterRegistry();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** A canary monitor whose canary answers, or fails with a 503; {@code afterARound}: its first round is done. */
  static CanaryMonitor canaries(boolean working, boolean afterARound) {
    Probes probes = Probes.create(vertx, ProbeSettings.forRegion(REGION, null, true));
    CanaryMonitor m = new CanaryMonitor(vertx, probes.forKind(ProbeKind.HTTP),
        List.of(url(working ? "/canary" : "/fail/canary")), 60_000);
    if (afterARound) {
      Await.result(m.start());
      vertx.setTimer(1, id -> m.stop());
    }
    return m;
  }

  CheckRunner runner(ProbeLanes on, CanaryMonitor canaries) {
    return new CheckRunner(vertx.getOrCreateContext(), on, canaries, "test-a1", REGION, Clock.systemUTC(),
        new AgentMetrics(registry), r -> {
          published.add(r);
          return Future.succeededFuture();
        });
  }

  /** A check of {@code target} as the coordinator sends it: a timeout (room for a cold JVM) and a 2 s grace. */
  static CheckRequest check(String target) {
    Instant now = Instant.now();
    return new CheckRequest(1, "c-1", target, ProbeKind.HTTP, List.of(REGION), 5000, null, now,
        now.plusMillis(7000));
  }

  ProbeResult runAndTakeTheResult(CheckRunner runner, CheckRequest check) {
    Admission admission = Admission.decide(check, REGION, Instant.now());
    assertThat(admission.decision()).isEqualTo(Admission.Decision.RUN);
    Await.result(runner.run(check, admission));
    assertThat(published).hasSize(1);
    return published.get(0);
  }

  double counted(Outcome outcome) {
    return registry.get("downcheck.agent.results").tag("outcome", outcome.name()).counter().count();
  }

  @Test
  void anAnswerIsPublishedStampedWithTheCheckThisAgentAndTheTimeAndCounted() {
    Instant before = Instant.now();
    ProbeResult r = runAndTakeTheResult(runner(lanes, canaries(true, false)), check(url("/")));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.httpStatus()).isEqualTo(200);
    assertThat(r.checkId()).isEqualTo("c-1");
    assertThat(r.agentId()).isEqualTo("test-a1");
    assertThat(r.region()).isEqualTo(REGION);
    assertThat(r.finishedAt()).isBetween(before, Instant.now());
    assertThat(r.impaired()).isFalse();
    assertThat(counted(Outcome.UP)).isEqualTo(1.0);
  }

  @Test
  void aFailedProbeWhoseCanaryAnswersIsEvidenceAgainstTheTarget() {
    ProbeResult r = runAndTakeTheResult(runner(lanes, canaries(true, false)), check(url("/fail")));
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.errorClass()).isEqualTo(ErrorClass.HTTP_5XX);
    assertThat(r.impaired()).isFalse();
    assertThat(counted(Outcome.DOWN)).isEqualTo(1.0);
  }

  @Test
  void aFailedProbeWhoseCanaryFailsTooAtThatMomentIsImpairedAndStillPublishedBeforeTheDeadline() {
    CheckRequest check = check(url("/fail"));
    ProbeResult r = runAndTakeTheResult(runner(lanes, canaries(false, false)), check);
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.impaired()).isTrue();
    assertThat(r.impairedReason()).contains("failed too at probe time").contains("HTTP_5XX");
    assertThat(r.finishedAt()).isBefore(check.deadline());
  }

  @Test
  void anAnswerFromAnAgentWhoseLastCanaryRoundFailedIsFlagged() {
    ProbeResult r = runAndTakeTheResult(runner(lanes, canaries(false, true)), check(url("/")));
    assertThat(r.outcome()).isEqualTo(Outcome.UP);
    assertThat(r.impaired()).isTrue();
    assertThat(r.impairedReason()).contains("1 of 1 canaries failed");
  }

  @Test
  void aTargetThePolicyRefusesIsNeverTheAgentsNetworkEvenWhenItsCanariesFail() {
    CheckRunner runner = runner(guardedLanes, canaries(false, true));
    int before = server.connections();
    ProbeResult r = runAndTakeTheResult(runner, check(url("/")));
    assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(r.errorClass()).isEqualTo(ErrorClass.TARGET_REFUSED);
    assertThat(r.impaired()).isFalse();
    assertThat(r.impairedReason()).isNull();
    assertThat(server.connections()).as("neither the target nor a canary re-check was asked").isEqualTo(before);
  }

  @Test
  void theProbeEndsWithinTheTimeItsAdmissionLeavesNotTheChecksOwnTimeout() {
    // 3 s to probe, but the deadline leaves 1 s to publish in: the answer after 2 s comes too late
    Instant now = Instant.now();
    CheckRequest check = new CheckRequest(1, "c-1", url("/slow"), ProbeKind.HTTP, List.of(REGION), 3000, null, now,
        now.plusMillis(1500));
    ProbeResult r = runAndTakeTheResult(runner(lanes, canaries(true, false)), check);
    assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(r.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
    assertThat(r.finishedAt()).isBefore(check.deadline());
  }
}
