package downcheck.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlotsTest {
  @Test
  void aClientGetsUpToItsCapTheTotalCapsEveryoneAndAReleaseGivesOnePlaceBackOnce() {
    Slots slots = new Slots(2, 3);
    Slots.Slot a1 = slots.take("a");
    assertThat(a1.refusal()).isNull();
    assertThat(slots.take("a").refusal()).isNull();
    assertThat(slots.take("a").refusal()).isEqualTo(Slots.Refusal.CLIENT);
    assertThat(slots.take("b").refusal()).isNull();
    assertThat(slots.take("c").refusal()).isEqualTo(Slots.Refusal.TOTAL);
    assertThat(slots.held()).isEqualTo(3);

    a1.release();
    a1.release(); // once only
    assertThat(slots.held()).isEqualTo(2);
    assertThat(slots.take("c").refusal()).isNull();
    assertThat(slots.take("c").refusal()).isEqualTo(Slots.Refusal.TOTAL);
  }

  @ParameterizedTest(name = "{0} counts as {1}")
  @CsvSource({
      "203.0.113.7, 203.0.113.7",
      "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 2001:db8:1:2:0:0:0:0/64",
      "2001:db8:1:2::1, 2001:db8:1:2:0:0:0:0/64",
      "::ffff:203.0.113.7, 203.0.113.7"})
  void aClientIsItsIpv4AddressOrItsIpv6Slash64(String address, String client) throws Exception {
    SocketAddress peer = SocketAddress.inetSocketAddress(new InetSocketAddress(InetAddress.getByName(address), 1234));
    assertThat(Slots.clientOf(peer)).isEqualTo(client);
  }
}
