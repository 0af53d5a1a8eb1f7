package downcheck.coordinator.path;

import static downcheck.coordinator.judge.CheckFixtures.DEADLINE;
import static downcheck.coordinator.judge.CheckFixtures.T0;
import static downcheck.coordinator.judge.CheckFixtures.fresh;
import static downcheck.coordinator.judge.CheckFixtures.refused;
import static downcheck.coordinator.judge.CheckFixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.judge.CheckRecord;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.TargetPolicy;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a check's answers call for a path comparison, and what is traced: the rule of docs/consensus.md. */
class PathTracerTest {
  static final TargetPolicy PUBLIC_ONLY = new TargetPolicy(false);

  static ProbeResult down(String region, ErrorClass error, String address) {
    return new ProbeResult(Stamp.of("c-1", region + "-a1", region, T0.plusSeconds(10), null),
        ProbeOutcome.down(error, Timings.total(10_000), address, "failed"));
  }

  static CheckRecord answered(ProbeResult... results) {
    return fresh().with(List.of(results), null);
  }

  @Test
  void aFailingRegionThatTimedOutAndAHealthyOneTraceTheAddressTheFailingAgentDialled() {
    Optional<PathTracer.Plan> plan = PathTracer.plan(
        answered(up("eu-west"), up("us-east"), down("ap-south", ErrorClass.CONNECT_TIMEOUT, "198.51.100.7")),
        PUBLIC_ONLY);
    assertThat(plan).isPresent();
    assertThat(plan.get().failing().region()).isEqualTo("ap-south");
    assertThat(plan.get().healthy().region()).isEqualTo("eu-west");
    assertThat(plan.get().target().normalized()).isEqualTo("trace://198.51.100.7:443");
  }

  @Test
  void anIpv6AddressAndATcpChecksPortAreTracedAsDialled() {
    CheckRequest tcp = new CheckRequest(1, "c-1", "tcp://example.com:5432", ProbeKind.TCP,
        List.of("eu-west", "ap-south"), 10_000, null, T0, DEADLINE);
    CheckRecord r = CheckRecord.open(tcp, "example.com", tcp.regions(), 2000, null)
        .with(List.of(up("eu-west"), down("ap-south", ErrorClass.CONNECTION_RESET, "fd00::7")), null);
    // a unique local address: refused unless private targets are allowed
    assertThat(PathTracer.plan(r, PUBLIC_ONLY)).isEmpty();
    assertThat(PathTracer.plan(r, new TargetPolicy(true)).orElseThrow().target().normalized())
        .isEqualTo("trace://[fd00::7]:5432");
  }

  @Test
  void nothingIsTracedForAnHttpStatusARefusalDnsEveryoneDownOrAnAddressThePolicyRefuses() {
    assertThat(PathTracer.plan(answered(up("eu-west"), up("us-east"), refused("ap-south")), PUBLIC_ONLY)).isEmpty();
    assertThat(PathTracer.plan(answered(up("eu-west"), up("us-east"),
        down("ap-south", ErrorClass.DNS_FAILURE, null)), PUBLIC_ONLY)).isEmpty();
    assertThat(PathTracer.plan(answered(down("eu-west", ErrorClass.TIMEOUT, "198.51.100.7"),
        down("us-east", ErrorClass.TIMEOUT, "198.51.100.7"), down("ap-south", ErrorClass.TIMEOUT, "198.51.100.7")),
        PUBLIC_ONLY)).as("a global outage has no healthy path").isEmpty();
    assertThat(PathTracer.plan(answered(up("eu-west"), up("us-east"),
        down("ap-south", ErrorClass.CONNECT_TIMEOUT, "10.0.0.7")), PUBLIC_ONLY)).as("private").isEmpty();
  }

  @Test
  void aTracesIdNamesItsCheckAndNoOtherIdDoes() {
    assertThat(PathTracer.parentOf(PathTracer.traceId("c-mb2x9abc", true))).contains("c-mb2x9abc");
    assertThat(PathTracer.parentOf(PathTracer.traceId("c-mb2x9abc", false))).contains("c-mb2x9abc");
    assertThat(PathTracer.parentOf("c-mb2x9abc")).isEmpty();
    assertThat(PathTracer.parentOf("p--f")).isEmpty();
    assertThat(PathTracer.parentOf("p-abc")).isEmpty();
  }
}
