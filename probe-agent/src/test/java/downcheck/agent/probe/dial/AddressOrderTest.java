package downcheck.agent.probe.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddressOrderTest {
  static Stream<Arguments> orders() {
    return Stream.of(
        Arguments.of("the resolver's first family leads, then the families alternate",
            List.of("2001:db8::1", "2001:db8::2", "192.0.2.1", "192.0.2.2"), null,
            List.of("2001:db8::1", "192.0.2.1", "2001:db8::2", "192.0.2.2")),
        Arguments.of("IPv4 first when the resolver answered IPv4 first",
            List.of("192.0.2.1", "192.0.2.2", "2001:db8::1"), null,
            List.of("192.0.2.1", "2001:db8::1", "192.0.2.2")),
        Arguments.of("one family keeps the resolver's order",
            List.of("192.0.2.3", "192.0.2.1", "192.0.2.2"), null,
            List.of("192.0.2.3", "192.0.2.1", "192.0.2.2")),
        Arguments.of("ipVersion 6 keeps only IPv6",
            List.of("192.0.2.1", "2001:db8::1", "192.0.2.2", "2001:db8::2"), 6,
            List.of("2001:db8::1", "2001:db8::2")),
        Arguments.of("ipVersion 4 keeps only IPv4",
            List.of("2001:db8::1", "192.0.2.1"), 4,
            List.of("192.0.2.1")),
        Arguments.of("ipVersion 6 of an IPv4-only name is nothing",
            List.of("192.0.2.1"), 6,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orders")
  void dialOrder(String name, List<String> resolved, Integer ipVersion, List<String> expected) {
    assertThat(AddressOrder.of(addresses(resolved), ipVersion)).extracting(InetAddress::getHostAddress)
        .containsExactlyElementsOf(addresses(expected).stream().map(InetAddress::getHostAddress).toList());
  }

  @ParameterizedTest(name = "{0} addresses")
  @MethodSource("many")
  void neverMoreThanEightAddressesAreDialled(int count) {
    List<String> resolved = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      resolved.add("192.0.2." + i);
      resolved.add("2001:db8::" + Integer.toHexString(i));
    }
    assertThat(AddressOrder.of(addresses(resolved), null)).hasSize(Math.min(2 * count, AddressOrder.MAX_ADDRESSES));
  }

  static Stream<Integer> many() {
    return Stream.of(1, 4, 100);
  }

  private static List<InetAddress> addresses(List<String> literals) {
    return literals.stream().map(a -> {
      try {
        return InetAddress.getByName(a);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(a, e);
      }
    }).toList();
  }
}
