package downcheck.model.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The special-use ranges beyond the common ones; the common ones are in the agent's AddressPolicyTest. */
class AddressRulesTest {
  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource({
      "198.18.0.0, benchmarking",
      "198.19.255.255, benchmarking",
      "168.63.129.16, platform service",
      "::ffff:168.63.129.16, platform service",
      "64:ff9b:1::1, local-use NAT64",
      "64:ff9b:1:ffff::808:808, local-use NAT64",
      "2001::1, Teredo",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2, Teredo",
      "2001:0:ffff:ffff:ffff:ffff:ffff:ffff, Teredo",
      "::ffff:198.18.1.1, benchmarking",
  })
  void specialUseAddressIsRefused(String address, String why) throws Exception {
    assertThat(AddressRules.reason(InetAddress.getByName(address))).hasValueSatisfying(r -> assertThat(r).contains(why));
  }

  @ParameterizedTest(name = "{0} is allowed")
  @ValueSource(strings = {
      "198.17.255.255", "198.20.0.0", "168.63.129.15", "168.63.129.17",
      "64:ff9b:2::1", "2001:4860:4860::8888", "2001:db9::1",
  })
  void neighbourOfASpecialRangeIsAllowed(String address) throws Exception {
    assertThat(AddressRules.reason(InetAddress.getByName(address))).isEmpty();
  }
}
