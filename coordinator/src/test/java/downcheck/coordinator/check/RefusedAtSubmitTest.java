package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import downcheck.coordinator.http.InvalidRequestException;
import downcheck.model.check.TargetPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A target the network will not probe is a 400 at submit, naming the field and the rule (DESIGN "Security"). */
class RefusedAtSubmitTest {
  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "http://127.0.0.1:8080/       | 127.0.0.1 is loopback",
      "http://localhost:8080/       | localhost is a special-use name for loopback",
      "https://api.localhost/       | api.localhost is a special-use name",
      "LOCALHOST.                   | localhost is a special-use name",
      "http://[::1]/                | loopback",
      "http://0x7f.1/               | 127.0.0.1 is loopback",
      "http://2130706433/           | 127.0.0.1 is loopback",
      "http://169.254.169.254/      | a cloud metadata address",
      "http://169.254.1.1/          | link-local",
      "tcp://10.0.0.5:22            | private (RFC 1918)",
      "dns://localhost              | special-use name",
      "http://[::ffff:192.168.1.1]/ | private (RFC 1918)",
  })
  void aLiteralOrSpecialUseTargetIsRefusedAtSubmitNamingTheRule(String target, String reason) {
    assertThatThrownBy(() -> Submission.parse("{\"target\":\"" + target + "\"}", new TargetPolicy(false)))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("target");
            assertThat(f.message()).contains(reason).contains("does not probe private");
          });
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/", "localhost:8443", "tcp://10.0.0.5:22", "http://api.internal:8080/"})
  void aPrivateDeploymentAcceptsThemWithAllowPrivateTargets(String target) {
    assertThat(Submission.parse("{\"target\":\"" + target + "\"}", new TargetPolicy(true)).target()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "http://api.internal:8080/", "https://8.8.8.8/", "http://localhost.example.com/"})
  void aNameOrPublicAddressIsLeftToTheAgentsToJudge(String target) {
    assertThat(Submission.parse("{\"target\":\"" + target + "\"}", new TargetPolicy(false)).target()).isNotNull();
  }

  @Test
  void theDefaultPolicyRefusesPrivateTargets() {
    assertThatThrownBy(() -> Submission.parse("{\"target\":\"http://192.168.0.1/\"}"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
