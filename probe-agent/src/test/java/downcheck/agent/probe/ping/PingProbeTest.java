package downcheck.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.ProbeMemory;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.process.ChildProcesses;
import downcheck.agent.resolve.Resolvers;
import downcheck.agent.run.Probes;
import downcheck.model.check.CheckOptions;
import downcheck.model.check.Expect;
import downcheck.model.check.PingOptions;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.PingStats;
import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real iputils ping against loopback. */
class PingProbeTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  static ProbeOutcome ping(boolean allowPrivate, String target, int count, Integer ipVersion) {
    ProbeSettings settings = new ProbeSettings(null, allowPrivate, "test", 5, List.of());
    Probes probes = Probes.create(vertx, settings, Resolvers.create(vertx, settings.resolverConfig()), Clock.systemUTC(),
        ProbeMemory.unlimited(), new ChildProcesses(vertx, 2, ChildProcesses.DEFAULT_OUTPUT_CAP));
    CheckOptions options = new CheckOptions(null, ipVersion, null, new PingOptions(count), null);
    return Await.result(probes.forKind(ProbeKind.PING).run(
        new ProbeSpec(Target.parse(target, ProbeKind.PING), Expect.DEFAULT, Duration.ofSeconds(3), options)));
  }

  @Test
  void loopbackAnswersEveryEchoWithRoundTripTimes() {
    ProbeOutcome o = ping(true, "ping://127.0.0.1", 2, null);
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.address()).isEqualTo("127.0.0.1");
    PingStats stats = o.ping();
    assertThat(stats.sent()).isEqualTo(2);
    assertThat(stats.received()).isEqualTo(2);
    assertThat(stats.loss()).isZero();
    assertThat(stats.rttMinMs()).isNotNull().isLessThanOrEqualTo(stats.rttAvgMs());
    assertThat(stats.rttMaxMs()).isGreaterThanOrEqualTo(stats.rttAvgMs());
  }

  @Test
  void ipv6LoopbackIsPingedOverIpv6() {
    ProbeOutcome o = ping(true, "ping://[::1]", 1, 6);
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.address()).isEqualTo("::1");
  }

  @Test
  void aNameWithoutAnAddressOfTheAskedFamilyIsNotPinged() {
    ProbeOutcome o = ping(true, "ping://127.0.0.1", 1, 6);
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_FAILURE);
    assertThat(o.ping()).isNull();
  }

  @Test
  void privateTargetIsRefusedWithoutAllowPrivate() {
    ProbeOutcome o = ping(false, "ping://127.0.0.1", 1, null);
    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TARGET_REFUSED);
    assertThat(o.ping()).isNull();
  }
}
