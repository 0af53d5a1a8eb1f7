package downcheck.model.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever people type as a target: it is accepted as a real URL of a supported kind, or
 * refused with an IllegalArgumentException (a 400 naming the field), never anything else.
 */
class TargetPropertiesTest {
  private static final Set<String> SCHEMES = Set.of("http", "https", "tcp", "dns", "ping", "trace");

  @Property(tries = 1000)
  void anyTextIsAcceptedAsAValidUrlOrRefusedWithAReason(@ForAll("targets") String raw, @ForAll("kinds") Optional<ProbeKind> kind) {
    Target t = parsedOrNull(raw, kind.orElse(null));
    if (t == null) {
      return;
    }
    URI uri = URI.create(t.normalized());
    assertThat(uri.getScheme()).isIn(SCHEMES);
    assertThat(uri.getRawUserInfo()).isNull();
    if (t.kind() == ProbeKind.DNS && t.host().contains("_")) {
      // a service record's owner (_sip._tcp.example.com) is no host name to java.net.URI: a registry authority
      assertThat(t.host()).matches("(_?[a-z0-9-]+)(\\._?[a-z0-9-]+)*");
      assertThat(uri.getRawAuthority()).isEqualTo(t.host());
      return;
    }
    assertThat(uri.getHost()).as("host of %s (from %s)", t.normalized(), raw).isNotNull();
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    assertThat(host).isEqualTo(t.host());
    assertThat(t.kind()).isEqualTo(kind.orElse(t.kind()));
  }

  @Property(tries = 1000)
  void normalisingTwiceChangesNothing(@ForAll("targets") String raw, @ForAll("kinds") Optional<ProbeKind> kind) {
    Target t = parsedOrNull(raw, kind.orElse(null));
    if (t == null) {
      return;
    }
    assertThat(Target.parse(t.normalized(), null)).isEqualTo(t);
    assertThat(Target.parse(t.normalized(), t.kind())).isEqualTo(t);
  }

  @Property(tries = 1000)
  void arbitraryUnicodeNeverThrowsAnythingButARefusal(@ForAll String raw) {
    assertThatCode(() -> parsedOrNull(raw, null)).doesNotThrowAnyException();
  }

  /** The target, or null when it was refused with a reason; any other exception fails the property. */
  private static Target parsedOrNull(String raw, ProbeKind kind) {
    try {
      return Target.parse(raw, kind);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return null;
    }
  }

  @Provide
  Arbitrary<Optional<ProbeKind>> kinds() {
    return Arbitraries.of(ProbeKind.class).optional(0.3);
  }

  /** URL-shaped text built from pieces people (and attackers) type, valid and not. */
  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> scheme = Arbitraries.of("", "http://", "https://", "HTTPS://", "tcp://", "dns://", "ftp://",
        "javascript:", "data:", "mailto:", "file://", "http:", "http:/", "//", "ws://");
    Arbitrary<String> userinfo = Arbitraries.of("", "", "", "user@", "user:pw@", "@");
    Arbitrary<String> host = Arbitraries.oneOf(
        Arbitraries.of("example.com", "Example.COM.", "bücher.de", "xn--bcher-kva.de", "localhost", "a.localhost",
            "127.0.0.1", "0x7f.1", "2130706433", "127.1", "010.0.0.1", "256.1.1.1", "1.2.3.4.5", "[::1]", "[2001:DB8::1]",
            "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "[javascript:alert(1)]", "alert(1)", "a_b.com", "-a.com", "a..b",
            "exa%6dple.com", "", " ", "a b", "ex\u0000ample.com", "\u00e9.fr", "1.example", "example.123"),
        Arbitraries.strings().withCharRange('a', 'z').withChars("-.0123456789_[]:%").ofMinLength(1).ofMaxLength(20),
        Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> port = Arbitraries.of("", "", ":80", ":443", ":8080", ":0", ":65535", ":65536", ":99999", ":",
        ":-1", ":abc", ":00080");
    Arbitrary<String> path = Arbitraries.oneOf(
        Arbitraries.of("", "/", "/a/b", "/a?b=1", "/%41", "/#frag", "?q", "/a b", "/\u00e9", "/../x", "//x", "#"),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(10).map(s -> "/" + s));
    return Combinators.combine(scheme, userinfo, host, port, path).as((s, u, h, p, q) -> s + u + h + p + q);
  }
}
