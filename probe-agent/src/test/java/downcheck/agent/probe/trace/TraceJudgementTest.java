package downcheck.agent.probe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.process.ChildProcesses.Exit;
import downcheck.model.check.AddressPolicy;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.Timings;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** What mtr's report makes of the target when it is not reached, or when mtr fails. */
class TraceJudgementTest {
  static ProbeOutcome judge(String stdout, String stderr, boolean killed) throws Exception {
    return TraceProbe.judge(new Exit(stdout.isEmpty() ? 1 : 0, stdout, stderr, killed, false),
        InetAddress.getByName("203.0.113.9"), "icmp", 30, new AddressPolicy(false), Timings.total(10), 3000);
  }

  @Test
  void aPathThatStopsShortIsATimeoutNamingTheLastHopWithTheHops() throws Exception {
    ProbeOutcome o = judge("""
        {"report": {"hubs": [
          {"count": 1, "host": "198.51.100.1", "Loss%": 0.0, "Avg": 1.0},
          {"count": 2, "host": "???", "Loss%": 100.0, "Avg": 0.0}
        ]}}""", "", false);
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
    assertThat(o.message()).contains("198.51.100.1 at ttl 1");
    assertThat(o.trace().reached()).isFalse();
    assertThat(o.trace().hops()).hasSize(2);
  }

  @Test
  void noHopAnsweringIsNetworkUnreachable() throws Exception {
    ProbeOutcome o = judge("{\"report\": {\"hubs\": [{\"count\": 1, \"host\": \"???\", \"Loss%\": 100.0}]}}", "", false);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.NETWORK_UNREACHABLE);
    assertThat(o.trace().hops()).hasSize(1);
  }

  @Test
  void mtrThatCannotOpenItsSocketsIsNotEvidence() throws Exception {
    ProbeOutcome o = judge("", "mtr-packet: Failure to open IPv4 sockets: Permission denied\n"
        + "mtr: Failure to start mtr-packet: Invalid argument\n", false);
    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(o.message()).contains("Permission denied");
  }

  @Test
  void mtrKilledAtTheDeadlineIsNotEvidence() throws Exception {
    ProbeOutcome o = judge("", "", true);
    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(o.message()).contains("did not finish within 3000 ms");
  }
}
