package downcheck.model.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {
  private final AddressPolicy guarded = new AddressPolicy(false);

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource({
      "127.0.0.1, loopback",
      "127.255.0.9, loopback",
      "0.0.0.0, unspecified",
      "10.1.2.3, private",
      "172.16.0.1, private",
      "172.31.255.255, private",
      "192.168.1.1, private",
      "100.64.0.1, carrier-grade NAT",
      "100.127.255.254, carrier-grade NAT",
      "169.254.169.254, metadata",
      "169.254.1.1, link-local",
      "224.0.0.1, multicast",
      "239.255.255.250, multicast",
      "255.255.255.255, broadcast",
      "::, unspecified",
      "::1, loopback",
      "fc00::1, unique-local",
      "fd12:3456::1, unique-local",
      "fd00:ec2::254, metadata",
      "fe80::1, link-local",
      "ff02::1, multicast",
      "::ffff:127.0.0.1, loopback",
      "::ffff:10.0.0.1, private",
      "::ffff:169.254.169.254, metadata",
      "::ffff:a9fe:a9fe, metadata",
      "::127.0.0.1, IPv4-compatible",
      "64:ff9b::a00:1, NAT64",
      "2002:7f00:1::, 6to4",
  })
  void forbiddenAddressIsRefused(String address, String why) throws Exception {
    assertThat(guarded.refusal(InetAddress.getByName(address))).hasValueSatisfying(r -> assertThat(r).contains(why));
  }

  @ParameterizedTest(name = "{0} is allowed")
  @CsvSource({
      "93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.63.255.255", "100.128.0.1",
      "169.255.0.1", "192.169.0.1", "2606:4700::6810:84e5", "2001:4860:4860::8888", "::ffff:8.8.8.8",
      "2002:808:808::", "64:ff9b::808:808",
  })
  void publicAddressIsAllowed(String address) throws Exception {
    assertThat(guarded.refusal(InetAddress.getByName(address))).isEmpty();
  }

  @Test
  void oneForbiddenAddressRefusesTheNameWithoutNamingIt() throws Exception {
    assertThat(guarded.refusal("mixed.test", List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1"))))
        .hasValue("mixed.test resolves to 1 of 2 addresses that are not allowed: private (RFC 1918)");
    assertThat(guarded.refusal("intranet.test", List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("::1"))))
        .hasValue("intranet.test resolves only to addresses that are not allowed: private (RFC 1918), loopback (::1)");
    assertThat(guarded.refusal("public.test", List.of(InetAddress.getByName("8.8.8.8")))).isEmpty();
  }

  @Test
  void anAddressTheAskerWroteIsNamed() throws Exception {
    assertThat(guarded.refusal("2130706433", List.of(InetAddress.getByName("127.0.0.1")))).hasValue("127.0.0.1 is loopback");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "example.test: NXDOMAIN from 10.96.0.10:53      | example.test: NXDOMAIN from [private address]:53",
      "Connection refused: /192.168.1.4:8080          | Connection refused: /[private address]:8080",
      "no route to [fd00::5]:443 via fe80::1%eth0     | no route to [[private address]]:443 via [private address]%eth0",
      "::ffff:10.0.0.1 then 8.8.8.8 and 2001:4860::1  | [private address] then 8.8.8.8 and 2001:4860::1",
      "at 10:00:01, version 1.2.3.4.5, a:b::c:d:e:f:1:2 | at 10:00:01, version 1.2.3.4.5, a:b::c:d:e:f:1:2",
      "the target 127.0.0.1 is loopback               | the target 127.0.0.1 is loopback",
  })
  void scrubHidesEveryRefusedAddressButTheTargetsOwn(String text, String scrubbed) {
    assertThat(guarded.scrub(text, "127.0.0.1")).isEqualTo(scrubbed);
    assertThat(new AddressPolicy(true).scrub(text, "127.0.0.1")).isEqualTo(text);
  }

  @Test
  void privateTargetsSettingLiftsTheGuard() throws Exception {
    assertThat(new AddressPolicy(true).refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
  }
}
