package downcheck.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.process.ChildProcesses.Exit;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.Timings;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** What ping's output makes of the target, from outputs real iputils prints (C locale). */
class PingJudgementTest {
  static ProbeOutcome judge(int code, String stdout, String stderr, boolean killed) throws Exception {
    return PingProbe.judge(new Exit(code, stdout, stderr, killed, false), InetAddress.getByName("192.0.2.1"), 3,
        Timings.total(10), 3000);
  }

  @Test
  void noEchoAnsweredIsNoEchoWithItsStats() throws Exception {
    ProbeOutcome o = judge(1, "3 packets transmitted, 0 received, 100% packet loss, time 2040ms\n", "", false);
    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.NO_ECHO);
    assertThat(o.ping().sent()).isEqualTo(3);
    assertThat(o.ping().rttAvgMs()).isNull();
  }

  @Test
  void routersSayingUnreachableIsNetworkUnreachable() throws Exception {
    ProbeOutcome o = judge(1, "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2003ms\n", "", false);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.NETWORK_UNREACHABLE);
  }

  @Test
  void aPingWithoutThePrivilegeToSendIsNotEvidence() throws Exception {
    ProbeOutcome o = judge(2, "", "ping: socktype: SOCK_RAW\nping: socket: Operation not permitted\n"
        + "ping: => missing cap_net_raw+p capability or setuid?\n", false);
    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(o.errorClass()).isNull();
    assertThat(o.message()).contains("cap_net_raw");
  }

  @Test
  void noRouteOfItsOwnIsNetworkUnreachable() throws Exception {
    assertThat(judge(2, "", "ping: connect: Network is unreachable\n", false).errorClass())
        .isEqualTo(ErrorClass.NETWORK_UNREACHABLE);
  }
}
