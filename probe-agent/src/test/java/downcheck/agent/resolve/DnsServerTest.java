package downcheck.agent.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsServerTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1.1.1.1, 1.1.1.1, 53",
      "127.0.0.1:5353, 127.0.0.1, 5353",
      "[2606:4700:4700::1111]:53, 2606:4700:4700::1111, 53",
      "2606:4700:4700::1111, 2606:4700:4700::1111, 53",
      "dns.example, dns.example, 53",
  })
  void serverSettingIsRead(String text, String host, int port) {
    assertThat(DnsServer.parse(text)).isEqualTo(new DnsServer(host, port));
  }

  @Test
  void badPortIsRejectedQuotingTheValue() {
    assertThatThrownBy(() -> DnsServer.parse("1.1.1.1:x")).hasMessageContaining("'1.1.1.1:x'");
  }

  @Test
  void resolvConfNameserversAreRead(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("resolv.conf");
    Files.writeString(conf, "# comment\nsearch example\nnameserver 10.0.0.53\nnameserver fe80::1%eth0\noptions ndots:1\n");
    assertThat(DnsServer.fromResolvConf(conf))
        .containsExactly(new DnsServer("10.0.0.53", 53), new DnsServer("fe80::1", 53));
    assertThat(DnsServer.fromResolvConf(dir.resolve("missing"))).isEmpty();
  }
}
