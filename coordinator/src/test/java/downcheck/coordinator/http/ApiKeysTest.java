package downcheck.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {
  @Test
  void anIpv6ClientIsItsSlash64SoRotatingAddressesWithinItMakesNoNewClient() {
    assertThat(ApiKeys.clientOf("2001:db8:1:2::1")).isEqualTo(ApiKeys.clientOf("2001:db8:1:2:ffff:eeee:dddd:cccc"))
        .isNotEqualTo(ApiKeys.clientOf("2001:db8:1:3::1"));
    assertThat(ApiKeys.clientOf("203.0.113.7")).isEqualTo("203.0.113.7").isNotEqualTo(ApiKeys.clientOf("203.0.113.8"));
    assertThat(ApiKeys.clientOf("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }
}
