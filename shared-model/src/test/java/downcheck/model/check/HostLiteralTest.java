package downcheck.model.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostLiteralTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "127.0.0.1, 127.0.0.1",
      "2130706433, 127.0.0.1",
      "0x7f.1, 127.0.0.1",
      "0x7F000001, 127.0.0.1",
      "0177.0.0.1, 127.0.0.1",
      "127.1, 127.0.0.1",
      "10.0.258, 10.0.1.2",
      "127.0.0.1., 127.0.0.1",
      "0, 0.0.0.0",
      "::1, 0:0:0:0:0:0:0:1",
      "[::1], 0:0:0:0:0:0:0:1",
      "::ffff:127.0.0.1, 127.0.0.1",
      "::ffff:7f00:1, 127.0.0.1",
  })
  void numericHostIsReadLikeABrowser(String host, String address) {
    assertThat(HostLiteral.parse(host)).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "xn--bcher-kva.example", "1.example", "0x7f.example", "localhost"})
  void nameIsLeftToTheResolver(String host) {
    assertThat(HostLiteral.parse(host)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"256.0.0.1", "1.2.3.4.5", "4294967296", "09.1", "0x7g.1", "1..1"})
  void malformedNumericHostIsRejected(String host) {
    assertThatThrownBy(() -> HostLiteral.parse(host)).isInstanceOf(IllegalArgumentException.class);
  }
}
