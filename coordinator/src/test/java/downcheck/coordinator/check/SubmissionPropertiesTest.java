package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.model.check.Target;
import downcheck.model.check.TargetPolicy;
import java.net.URI;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends as a target, submission parsing answers a valid check or a 400 naming
 * the field: it never throws anything else (a 500), and never accepts a target that is not a URL.
 */
class SubmissionPropertiesTest {
  @Property(tries = 500)
  void anyTargetGivesAValidCheckOrA400NamingTheTarget(@ForAll("targets") String target, @ForAll boolean allowPrivate) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("target", target);
    Submission s;
    try {
      s = Submission.parse(body.toString(), new TargetPolicy(allowPrivate));
    } catch (InvalidRequestException e) {
      assertThat(e.errors()).extracting(FieldError::field).containsOnly("target");
      return;
    }
    URI uri = URI.create(s.target().normalized());
    assertThat(uri.getScheme()).isIn("http", "https", "tcp", "dns");
    assertThat(uri.getHost()).isNotNull();
    assertThat(Target.parse(s.target().normalized(), s.target().kind())).isEqualTo(s.target());
  }

  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> scheme = Arbitraries.of("", "http://", "https://", "tcp://", "dns://", "javascript:", "data:",
        "file://", "HTTP://", "gopher://");
    Arbitrary<String> host = Arbitraries.oneOf(
        Arbitraries.of("example.com", "localhost", "x.localhost", "127.0.0.1", "10.1.2.3", "0x7f.1", "[::1]",
            "[fe80::1]", "169.254.169.254", "alert(1)", "[javascript:alert(1)]", "b\u00fccher.de", "", "a b"),
        Arbitraries.strings().ofMaxLength(15));
    Arbitrary<String> rest = Arbitraries.of("", ":80", ":0", ":70000", ":22", "/", "/p?q=1", "#f", "/\u00e9", "@x");
    return Combinators.combine(scheme, host, rest).as((s, h, r) -> s + h + r);
  }
}
