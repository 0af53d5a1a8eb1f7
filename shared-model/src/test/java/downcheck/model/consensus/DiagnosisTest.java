package downcheck.model.consensus;

import static downcheck.model.consensus.Fixtures.R;
import static downcheck.model.consensus.Fixtures.assess;
import static downcheck.model.consensus.Fixtures.down;
import static downcheck.model.consensus.Fixtures.regions;
import static downcheck.model.consensus.Fixtures.up;
import static downcheck.model.result.ErrorClass.CONNECTION_RESET;
import static downcheck.model.result.ErrorClass.CONNECT_REFUSED;
import static downcheck.model.result.ErrorClass.CONNECT_TIMEOUT;
import static downcheck.model.result.ErrorClass.CONTENT_MISMATCH;
import static downcheck.model.result.ErrorClass.DNS_FAILURE;
import static downcheck.model.result.ErrorClass.DNS_NXDOMAIN;
import static downcheck.model.result.ErrorClass.HTTP_5XX;
import static downcheck.model.result.ErrorClass.NETWORK_UNREACHABLE;
import static downcheck.model.result.ErrorClass.TIMEOUT;
import static downcheck.model.result.ErrorClass.TLS_FAILURE;
import static downcheck.model.result.ErrorClass.UNEXPECTED_STATUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.result.ErrorClass;
import downcheck.model.verdict.Cause;
import downcheck.model.verdict.Diagnosis;
import downcheck.model.verdict.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule 6 of {@link Consensus}: which cause the evidence points at. */
class DiagnosisTest {
  private static final List<String> THREE = regions(3);

  /** The same failure in every one of three regions. */
  private static List<R> everywhere(R failure) {
    return THREE.stream().map(failure::in).toList();
  }

  static Stream<Arguments> causes() {
    return Stream.of(
        argumentSet("NXDOMAIN is DNS", everywhere(down("r1", DNS_NXDOMAIN)), Cause.DNS, "DNS_NXDOMAIN in 3 of 3 regions"),
        argumentSet("a failed lookup is DNS", everywhere(down("r1", DNS_FAILURE)), Cause.DNS, "DNS_FAILURE in 3 of 3 regions"),
        argumentSet("a failed handshake is TLS", everywhere(down("r1", TLS_FAILURE)), Cause.TLS, "TLS_FAILURE in 3 of 3 regions"),
        argumentSet("refused is REFUSED", everywhere(down("r1", CONNECT_REFUSED)), Cause.REFUSED,
            "CONNECT_REFUSED in 3 of 3 regions"),
        argumentSet("a connect timeout is UNREACHABLE", everywhere(down("r1", CONNECT_TIMEOUT)), Cause.UNREACHABLE,
            "CONNECT_TIMEOUT in 3 of 3 regions"),
        argumentSet("no route is UNREACHABLE", everywhere(down("r1", NETWORK_UNREACHABLE)), Cause.UNREACHABLE,
            "NETWORK_UNREACHABLE in 3 of 3 regions"),
        argumentSet("a timeout after connect is UNREACHABLE", everywhere(down("r1", TIMEOUT)), Cause.UNREACHABLE,
            "TIMEOUT in 3 of 3 regions"),
        argumentSet("a reset is UNREACHABLE", everywhere(down("r1", CONNECTION_RESET)), Cause.UNREACHABLE,
            "CONNECTION_RESET in 3 of 3 regions"),
        argumentSet("a 502 is SERVER_ERROR", everywhere(down("r1", HTTP_5XX)), Cause.SERVER_ERROR,
            "HTTP_5XX 502 in 3 of 3 regions"),
        argumentSet("a fast 503 without Retry-After is SERVER_ERROR", everywhere(down("r1", HTTP_5XX).status(503).ms(100)),
            Cause.SERVER_ERROR, "HTTP_5XX 503 in 3 of 3 regions"),
        argumentSet("a 503 with Retry-After is MAINTENANCE", everywhere(down("r1", HTTP_5XX).status(503).retryAfter("120")),
            Cause.MAINTENANCE, "HTTP_5XX 503 with Retry-After in 3 of 3 regions"),
        argumentSet("a slow 503 is OVERLOADED", everywhere(down("r1", HTTP_5XX).status(503).ms(4000)), Cause.OVERLOADED,
            "HTTP_5XX 503 in 3 of 3 regions"),
        argumentSet("a 429 the check did not expect is OVERLOADED", everywhere(down("r1", UNEXPECTED_STATUS).status(429)),
            Cause.OVERLOADED, "UNEXPECTED_STATUS 429 in 3 of 3 regions"),
        argumentSet("an unexpected 404 is SERVER_ERROR", everywhere(down("r1", UNEXPECTED_STATUS).status(404)),
            Cause.SERVER_ERROR, "UNEXPECTED_STATUS 404 in 3 of 3 regions"),
        argumentSet("missing content is SERVER_ERROR", everywhere(down("r1", CONTENT_MISMATCH).status(200)),
            Cause.SERVER_ERROR, "CONTENT_MISMATCH 200 in 3 of 3 regions"),
        argumentSet("403 in one region while others serve 200 is GEO_BLOCKED", List.of(up("r1").status(403), up("r2"), up("r3")),
            Cause.GEO_BLOCKED, "HTTP 403 in 1 of 3 regions"),
        argumentSet("an expected-status 403 in one region is GEO_BLOCKED too",
            List.of(down("r1", UNEXPECTED_STATUS).status(403), up("r2"), up("r3")), Cause.GEO_BLOCKED, "HTTP 403 in 1 of 3 regions"),
        argumentSet("403 everywhere is a live server, not geo-blocking", everywhere(up("r1").status(403)), Cause.NONE, ""),
        argumentSet("all up is NONE", everywhere(up("r1")), Cause.NONE, ""),
        argumentSet("a minority failure in an UP region is noise", List.of(up("r1"), down("r1", TIMEOUT).agent("r1-a2"), up("r2")),
            Cause.NONE, ""),
        argumentSet("an impaired agent's failure is not evidence",
            List.of(down("r1", CONNECT_REFUSED).impaired("x"), down("r2", TIMEOUT), down("r3", TIMEOUT)), Cause.UNREACHABLE,
            "TIMEOUT in 2 of 2 regions"),
        argumentSet("the cause in most regions wins over a more specific one",
            List.of(down("r1", CONNECT_TIMEOUT), down("r2", TIMEOUT), down("r3", DNS_FAILURE)), Cause.UNREACHABLE,
            "CONNECT_TIMEOUT in 1 of 3 regions, TIMEOUT in 1 of 3 regions"),
        argumentSet("a tie in regions goes to the most specific cause",
            List.of(down("r1", CONNECT_TIMEOUT), down("r2", DNS_FAILURE), up("r3")), Cause.DNS, "DNS_FAILURE in 1 of 3 regions"),
        argumentSet("a diagnosis is made of what came in, even below the quorum", List.of(down("r1", CONNECT_REFUSED)),
            Cause.REFUSED, "CONNECT_REFUSED in 1 of 1 region"));
  }

  @ParameterizedTest
  @MethodSource("causes")
  void diagnosisNamesTheDominantCauseAndItsEvidence(List<R> results, Cause cause, String evidence) {
    assertThat(assess(THREE, false, results).diagnosis()).isEqualTo(new Diagnosis(cause, evidence));
  }

  @Test
  void everyErrorClassOfADownResultMapsToACause() {
    for (ErrorClass ec : ErrorClass.values()) {
      if (ec == ErrorClass.TARGET_REFUSED) {
        continue; // goes with ERROR only: the agent refused, the target did not fail
      }
      Cause c = Diagnoser.causeOf(down("r1", ec).build(), 2000);
      assertThat(c).as(ec.name()).isNotIn(Cause.NONE, Cause.GEO_BLOCKED);
    }
  }

  @Test
  void geoBlockingGoesWithAnUpVerdictWhen403CountsAsUp() {
    var a = assess(THREE, false, List.of(up("r1").status(403), up("r2"), up("r3")));
    assertThat(a.verdict()).isEqualTo(Verdict.UP);
    assertThat(a.diagnosis().cause()).isEqualTo(Cause.GEO_BLOCKED);
  }
}
