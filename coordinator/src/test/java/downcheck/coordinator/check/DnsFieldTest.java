package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.coordinator.store.RecentChecks;
import downcheck.model.check.DnsQuery;
import downcheck.model.check.TargetPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DnsFieldTest {

  @Test
  void aDnsCheckReadsItsTypeAndResolverInTheirNormalForm() {
    Submission s = Submission.parse("{\"target\":\"dns://example.com\",\"dns\":{\"type\":\"mx\",\"resolver\":\"9.9.9.9\"}}");

    assertThat(s.options().dns()).isEqualTo(new DnsQuery("MX", "9.9.9.9:53"));
  }

  @Test
  void withoutTheFieldTheCheckAsksAsBefore() {
    assertThat(Submission.parse("{\"target\":\"dns://example.com\"}").options().dns()).isEqualTo(DnsQuery.DEFAULT);
  }

  @Test
  void aPrivateResolverIsAllowedOnlyWhereTheNetworkProbesPrivateTargets() {
    String body = "{\"target\":\"dns://example.com\",\"dns\":{\"type\":\"TXT\",\"resolver\":\"127.0.0.1:5353\"}}";

    assertThat(Submission.parse(body, new TargetPolicy(true)).options().dns().resolver()).isEqualTo("127.0.0.1:5353");
    assertThatThrownBy(() -> Submission.parse(body))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
            .containsExactly(new FieldError("dns.resolver", "refused by policy: 127.0.0.1 is loopback; this network "
                + "asks only public resolvers (a private deployment allows others with --allow-private-targets)")));
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        argumentSet("an http check", "{\"target\":\"https://example.com\",\"dns\":{\"type\":\"MX\"}}", "dns"),
        argumentSet("not an object", "{\"target\":\"dns://example.com\",\"dns\":\"MX\"}", "dns"),
        argumentSet("an unknown type", "{\"target\":\"dns://example.com\",\"dns\":{\"type\":\"PTR\"}}", "dns.type"),
        argumentSet("a type not a string", "{\"target\":\"dns://example.com\",\"dns\":{\"type\":15}}", "dns.type"),
        argumentSet("a resolver by name", "{\"target\":\"dns://example.com\",\"dns\":{\"resolver\":\"dns.google\"}}",
            "dns.resolver"),
        argumentSet("a resolver port out of range",
            "{\"target\":\"dns://example.com\",\"dns\":{\"resolver\":\"9.9.9.9:70000\"}}", "dns.resolver"),
        argumentSet("a metadata resolver",
            "{\"target\":\"dns://example.com\",\"dns\":{\"resolver\":\"[fd00:ec2::254]:53\"}}", "dns.resolver"),
        argumentSet("an unknown field", "{\"target\":\"dns://example.com\",\"dns\":{\"class\":\"CH\"}}", "dns.class"));
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void aBadQueryIsNamedByItsField(String body, String field) {
    assertThatThrownBy(() -> Submission.parse(body))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly(field));
  }

  @Test
  void anotherTypeOrResolverIsAnotherQuestionButAnotherSpellingIsNot() {
    String mx = key("{\"target\":\"dns://example.com\",\"dns\":{\"type\":\"MX\",\"resolver\":\"9.9.9.9\"}}");

    assertThat(key("{\"target\":\"dns://example.com\",\"dns\":{\"type\":\"mx\",\"resolver\":\"9.9.9.9:53\"}}"))
        .isEqualTo(mx);
    assertThat(key("{\"target\":\"dns://example.com\",\"dns\":{\"type\":\"TXT\",\"resolver\":\"9.9.9.9\"}}"))
        .isNotEqualTo(mx);
    assertThat(key("{\"target\":\"dns://example.com\",\"dns\":{\"type\":\"MX\",\"resolver\":\"1.1.1.1\"}}"))
        .isNotEqualTo(mx);
    assertThat(key("{\"target\":\"dns://example.com\"}")).isNotEqualTo(mx)
        .isEqualTo(RecentChecks.key(Submission.parse("{\"target\":\"dns://example.com\"}").target(), List.of(),
            Submission.parse("{\"target\":\"dns://example.com\"}").expect(), Submission.DEFAULT_TIMEOUT_MS));
  }

  private static String key(String body) {
    Question q = Submission.parse(body).asking(List.of());
    return RecentChecks.key(q.target(), q.regions(), q.expect(), q.timeoutMs(), q.options());
  }
}
