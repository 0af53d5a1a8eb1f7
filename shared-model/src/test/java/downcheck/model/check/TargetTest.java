package downcheck.model.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Target#parse}: what people type, normalised, and bad input quoted back. */
class TargetTest {
  static Stream<Arguments> good() {
    return Stream.of(
        argumentSet("a bare host means https", "example.com", null, ProbeKind.HTTP, "https://example.com/", 443),
        argumentSet("host and scheme are lower-cased", "HTTPS://Example.COM/Path", null, ProbeKind.HTTP,
            "https://example.com/Path", 443),
        argumentSet("the default port is dropped", "http://example.com:80/a?b=1", null, ProbeKind.HTTP,
            "http://example.com/a?b=1", 80),
        argumentSet("another port is kept", "example.com:8443", null, ProbeKind.HTTP, "https://example.com:8443/", 8443),
        argumentSet("an IDN host becomes punycode", "https://bücher.de/x", null, ProbeKind.HTTP,
            "https://xn--bcher-kva.de/x", 443),
        argumentSet("tcp with a port", "tcp://db.example.com:5432", null, ProbeKind.TCP, "tcp://db.example.com:5432", 5432),
        argumentSet("a bare host with kind tcp", "db.example.com:22", ProbeKind.TCP, ProbeKind.TCP, "tcp://db.example.com:22", 22),
        argumentSet("dns, trailing dot dropped", "dns://Example.com.", null, ProbeKind.DNS, "dns://example.com", -1),
        argumentSet("a numeric IPv4 form becomes a dotted quad, as in a browser", "http://0x7f.1:8080/", null,
            ProbeKind.HTTP, "http://127.0.0.1:8080/", 8080),
        argumentSet("the fragment is never sent", "https://example.com/a#top", null, ProbeKind.HTTP,
            "https://example.com/a", 443),
        argumentSet("an IPv6 literal keeps its brackets", "http://[2001:DB8::1]:8080/", null, ProbeKind.HTTP,
            "http://[2001:db8::1]:8080/", 8080));
  }

  @ParameterizedTest
  @MethodSource("good")
  void parseNormalisesWhatPeopleType(String raw, ProbeKind requested, ProbeKind kind, String normalized, int port) {
    Target t = Target.parse(raw, requested);
    assertThat(t.kind()).isEqualTo(kind);
    assertThat(t.normalized()).isEqualTo(normalized);
    assertThat(t.port()).isEqualTo(port);
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        argumentSet("an unknown scheme", "ftp://example.com/", null, "'ftp://example.com/'"),
        argumentSet("tcp without a port", "tcp://example.com", null, "'tcp://example.com'"),
        argumentSet("credentials in the URL", "https://user:secret@example.com/", null, "credentials"),
        argumentSet("a space in the host", "http://exa mple.com", null, "'http://exa mple.com'"),
        argumentSet("a kind that contradicts the scheme", "dns://example.com", ProbeKind.HTTP, "'dns://example.com'"),
        argumentSet("no host", "https:///path", null, "'https:///path'"),
        argumentSet("a javascript: URL is not a bare host", "javascript:alert(1)", null, "scheme 'javascript'"),
        argumentSet("a data: URL", "data:text/html,hi", null, "scheme 'data'"),
        argumentSet("a mailto: URL", "mailto:someone@example.com", null, "scheme 'mailto'"),
        argumentSet("brackets around a non-address", "https://[javascript:alert(1)]/", null, "'https://[javascript:alert(1)]/'"),
        argumentSet("an underscore in a host name", "https://a_b.example/", null, "'a_b.example'"),
        argumentSet("a percent-encoded host", "https://exa%6dple.com/", null, "'exa%6dple.com'"),
        argumentSet("port 0", "https://example.com:0/", null, "port 0"),
        argumentSet("a port above 65535", "https://example.com:99999/", null, "port 99999"),
        argumentSet("a malformed numeric host", "https://256.1.1.1/", null, "'256.1.1.1'"),
        argumentSet("a path on a tcp target", "tcp://example.com:22/x", null, "without a path"),
        argumentSet("a query on a dns target", "dns://example.com?x", null, "without a path"));
  }

  @ParameterizedTest
  @MethodSource("bad")
  void badTargetsAreRejectedQuotingTheValue(String raw, ProbeKind requested, String quoted) {
    assertThatThrownBy(() -> Target.parse(raw, requested))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(quoted);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t"})
  void aBlankTargetIsRequired(String raw) {
    assertThatThrownBy(() -> Target.parse(raw, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target is required");
  }

  @Test
  void aNullTargetIsRequired() {
    assertThatThrownBy(() -> Target.parse(null, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTooLongTargetIsRejected() {
    assertThatThrownBy(() -> Target.parse("https://example.com/" + "a".repeat(Target.MAX_LENGTH), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than " + Target.MAX_LENGTH);
  }

  @Test
  void credentialsBeforeAnIdnHostAreRejectedToo() {
    assertThatThrownBy(() -> Target.parse("https://user@bücher.de/", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials");
  }

  @Test
  void aRejectedPasswordIsNeverEchoed() {
    assertThatThrownBy(() -> Target.parse("https://user:s3cret@example.com/", null))
        .hasMessageContaining("credentials")
        .hasMessageNotContaining("s3cret");
  }

  @ParameterizedTest
  @CsvSource({"http://bücher.test:8080/, 8080", "tcp://bücher.test:8081, 8081", "http://0x7f.1:8082/, 8082"})
  void aPortAfterANameUriDoesNotTakeForAHostIsKept(String raw, int port) {
    assertThat(Target.parse(raw, null).port()).isEqualTo(port);
  }
}
