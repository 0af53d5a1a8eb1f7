package downcheck.model.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import downcheck.model.monitor.MonitorSpec;
import downcheck.model.wire.Codec;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DnsQueryRulesTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      "9.9.9.9              | 9.9.9.9:53",
      "9.9.9.9:5353         | 9.9.9.9:5353",
      " 1.1.1.1 :53         | ",
      "2620:fe::fe          | [2620:fe:0:0:0:0:0:fe]:53",
      "[2620:fe::fe]:853    | [2620:fe:0:0:0:0:0:fe]:853",
  })
  void aResolverIsAnAddressWithPort53ByDefault(String text, String shown) {
    if (shown == null) {
      assertThatThrownBy(() -> DnsQueryRules.resolver(text)).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    assertThat(DnsQueryRules.show(DnsQueryRules.resolver(text))).isEqualTo(shown);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dns.google", "1.2.3.999", "9.9.9.9:0", "9.9.9.9:65536", "[2620:fe::fe", "9.9.9.9:dns", "",
      "localhost"})
  void anythingElseIsRefusedQuotingIt(String text) {
    assertThatThrownBy(() -> DnsQueryRules.resolver(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an IP address");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1:5353   | 127.0.0.1 is loopback",
      "10.0.0.53        | 10.0.0.53 is private",
      "169.254.169.254  | 169.254.169.254 is",
  })
  void aPrivateResolverIsRefusedUnlessPrivateTargetsAreAllowed(String text, String reason) {
    InetSocketAddress r = DnsQueryRules.resolver(text);

    assertThat(DnsQueryRules.refusal(r, false)).hasValueSatisfying(m -> assertThat(m).startsWith(reason));
    assertThat(DnsQueryRules.refusal(r, true)).isEmpty();
    assertThat(DnsQueryRules.refusal(DnsQueryRules.resolver("9.9.9.9"), false)).isEmpty();
  }

  @Test
  void typesAreReadInAnyCaseAndOthersNamed() {
    assertThat(DnsQueryRules.type("caa")).isEqualTo("CAA");
    assertThatThrownBy(() -> DnsQueryRules.type("AXFR")).hasMessage("'AXFR' is not one of A, AAAA, CNAME, MX, NS, TXT, "
        + "SOA, CAA, SRV");
  }

  @Test
  void aMonitorKeepsItsDnsQueryAndOneWithoutHasNoDnsField() {
    MonitorSpec plain = new MonitorSpec("m-1", null, "dns://example.com", ProbeKind.DNS, List.of(), 5000, 2000, null, 60,
        2, List.of(), List.of(), null, Instant.parse("2026-12-06T10:00:00Z"), false, null, null, null);
    MonitorSpec mx = new MonitorSpec("m-1", null, "dns://example.com", ProbeKind.DNS, List.of(), 5000, 2000, null, 60,
        2, List.of(), List.of(), null, Instant.parse("2026-12-06T10:00:00Z"), false, null, null, null, null, null,
        new DnsQuery("MX", null), null, null, null);

    assertThat(Codec.toJson(plain)).doesNotContain("\"dns\":");
    assertThat(Codec.toJson(mx)).contains("\"dns\":{\"type\":\"MX\"}");
    assertThat(Codec.fromJson(Codec.toJson(mx), MonitorSpec.class).dns()).isEqualTo(new DnsQuery("MX", null));
  }
}
