package downcheck.agent.probe.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import downcheck.model.check.AddressPolicy;
import downcheck.model.result.Hop;
import downcheck.model.result.TracePath;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class MtrReportTest {
  static final String REPORT = """
      {"report": {"mtr": {"dst": "93.184.216.34"}, "hubs": [
        {"count": 1, "host": "192.168.1.1", "Loss%": 0.0, "Snt": 3, "Avg": 0.5},
        {"count": 2, "host": "core1.example.net (198.51.100.1)", "Loss%": 33.3, "Snt": 3, "Avg": 4.1234},
        {"count": 3, "host": "???", "Loss%": 100.0, "Snt": 3, "Avg": 0.0},
        {"count": 4, "host": "93.184.216.34", "Loss%": 0.0, "Snt": 3, "Avg": 11.0}
      ]}}""";

  static TracePath parse(String json, String target, int maxHops) throws Exception {
    return MtrReport.parse(json, "icmp", InetAddress.getByName(target), maxHops, new AddressPolicy(false));
  }

  @Test
  void hopsCarryAddressNameRttAndLossAndTheTargetAnswered() throws Exception {
    TracePath path = parse(REPORT, "93.184.216.34", 30);
    assertThat(path.reached()).isTrue();
    assertThat(path.hops()).containsExactly(
        new Hop(1, null, "[private address]", 0.5, 0.0),
        new Hop(2, "198.51.100.1", "core1.example.net", 4.123, 0.333),
        new Hop(3, null, null, null, 1.0),
        new Hop(4, "93.184.216.34", null, 11.0, 0.0));
  }

  @Test
  void aPathThatEndsElsewhereDidNotReachTheTarget() throws Exception {
    assertThat(parse(REPORT, "203.0.113.9", 30).reached()).isFalse();
  }

  @Test
  void noMoreHopsThanAsked() throws Exception {
    TracePath path = parse(REPORT, "93.184.216.34", 2);
    assertThat(path.hops()).hasSize(2);
    assertThat(path.reached()).isFalse();
  }

  @Test
  void somethingElseThanAReportIsRefused() {
    assertThatThrownBy(() -> parse("mtr: unable to get raw sockets", "127.0.0.1", 30))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
