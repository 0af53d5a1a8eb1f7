package downcheck.agent.probe.ping;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.result.PingStats;
import org.junit.jupiter.api.Test;

class PingReportTest {
  @Test
  void answeredEchoesGiveLossAndRoundTripTimes() {
    PingReport.Summary s = PingReport.parse("""
        --- 192.0.2.1 ping statistics ---
        3 packets transmitted, 2 received, 33.3333% packet loss, time 402ms
        rtt min/avg/max/mdev = 0.074/0.0961/0.126/0.021 ms
        """).orElseThrow();
    assertThat(s.stats()).isEqualTo(new PingStats(3, 2, 0.333, 0.074, 0.096, 0.126, 0.021));
    assertThat(s.errors()).isZero();
  }

  @Test
  void noAnswerHasFullLossAndNoTimes() {
    PingReport.Summary s = PingReport.parse("3 packets transmitted, 0 received, 100% packet loss, time 2040ms\n")
        .orElseThrow();
    assertThat(s.stats()).isEqualTo(new PingStats(3, 0, 1.0, null, null, null, null));
  }

  @Test
  void icmpErrorsAreCounted() {
    assertThat(PingReport.parse("3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2003ms")
        .orElseThrow().errors()).isEqualTo(3);
  }

  @Test
  void noSummaryIsNothing() {
    assertThat(PingReport.parse("ping: connect: Network is unreachable")).isEmpty();
  }
}
