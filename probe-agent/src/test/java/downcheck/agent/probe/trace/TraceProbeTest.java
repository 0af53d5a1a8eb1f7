package downcheck.agent.probe.trace;

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
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.check.TraceOptions;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Hop;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real mtr against loopback: one hop, reached. */
class TraceProbeTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  static ProbeOutcome trace(boolean allowPrivate, String target, TraceOptions options) {
    ProbeSettings settings = new ProbeSettings(null, allowPrivate, "test", 5, List.of());
    Probes probes = Probes.create(vertx, settings, Resolvers.create(vertx, settings.resolverConfig()), Clock.systemUTC(),
        ProbeMemory.unlimited(), new ChildProcesses(vertx, 2, ChildProcesses.DEFAULT_OUTPUT_CAP));
    CheckOptions checkOptions = new CheckOptions(null, null, null, null, options);
    return Await.result(probes.forKind(ProbeKind.TRACE).run(
        new ProbeSpec(Target.parse(target, ProbeKind.TRACE), Expect.DEFAULT, Duration.ofSeconds(2), checkOptions)));
  }

  @Test
  void icmpTraceOfLoopbackReachesItInOneHop() {
    ProbeOutcome o = trace(true, "trace://127.0.0.1", null);
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.trace().protocol()).isEqualTo("icmp");
    assertThat(o.trace().reached()).isTrue();
    assertThat(o.trace().hops()).hasSize(1);
    Hop hop = o.trace().hops().get(0);
    assertThat(hop.ttl()).isEqualTo(1);
    assertThat(hop.address()).isEqualTo("127.0.0.1");
    assertThat(hop.loss()).isZero();
    assertThat(hop.rttMs()).isNotNull();
  }

  @Test
  void ipv6LoopbackIsTracedOverIpv6() {
    ProbeOutcome o = trace(true, "trace://[::1]", null);
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.trace().hops()).extracting(Hop::address).containsExactly("::1");
  }

  @Test
  void tcpTraceToAPortWithNothingListeningReachesTheHostThatResets() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProbeOutcome o = trace(true, "trace://127.0.0.1:" + port, new TraceOptions("tcp", 5));
    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.trace().protocol()).isEqualTo("tcp");
    assertThat(o.trace().reached()).isTrue();
    assertThat(o.trace().hops()).extracting(Hop::address).containsExactly("127.0.0.1");
  }

  @Test
  void privateTargetIsRefusedWithoutAllowPrivate() {
    ProbeOutcome o = trace(false, "trace://127.0.0.1", null);
    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TARGET_REFUSED);
    assertThat(o.trace()).isNull();
  }

  @Test
  void unknownProtocolIsAnErrorNotEvidence() {
    ProbeOutcome o = trace(true, "trace://127.0.0.1", new TraceOptions("udp", 5));
    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(o.message()).contains("udp");
  }
}
