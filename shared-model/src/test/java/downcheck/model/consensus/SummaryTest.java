package downcheck.model.consensus;

import static downcheck.model.consensus.Fixtures.R;
import static downcheck.model.consensus.Fixtures.down;
import static downcheck.model.consensus.Fixtures.error;
import static downcheck.model.consensus.Fixtures.regions;
import static downcheck.model.consensus.Fixtures.up;
import static downcheck.model.result.ErrorClass.CONNECT_REFUSED;
import static downcheck.model.result.ErrorClass.CONNECT_TIMEOUT;
import static downcheck.model.result.ErrorClass.DNS_NXDOMAIN;
import static downcheck.model.result.ErrorClass.HTTP_5XX;
import static downcheck.model.result.ErrorClass.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.check.ClientView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule 8 of {@link Consensus}: one sentence a person can read aloud. */
class SummaryTest {
  private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
  private static final ClientView CANNOT_REACH = new ClientView(false, null);

  private static List<R> each(R r, int n) {
    return regions(n).stream().map(r::in).toList();
  }

  static Stream<Arguments> sentences() {
    return Stream.of(
        argumentSet("nothing in yet", "example.com", REGIONS, false, null, List.of(),
            "still checking example.com: no region has answered yet"),
        argumentSet("pending below the quorum", "example.com", REGIONS, false, null, List.of(up("eu-west")),
            "still checking example.com: 1 of 3 regions answered"),
        argumentSet("global outage everywhere", "tiktok.com", regions(5), false, null, each(down("r1", CONNECT_REFUSED), 5),
            "tiktok.com is down for everyone: connection refused in 5 of 5 regions"),
        argumentSet("global outage with a region missing", "tiktok.com", REGIONS, true, null,
            List.of(down("eu-west", DNS_NXDOMAIN), down("us-east", DNS_NXDOMAIN)),
            "tiktok.com is down for everyone: no such domain in 2 of 2 regions (1 gave no usable answer)"),
        argumentSet("global outage of mixed timeouts names the cause", "tiktok.com", REGIONS, false, null,
            List.of(down("eu-west", CONNECT_TIMEOUT), down("us-east", TIMEOUT), down("ap-south", CONNECT_TIMEOUT)),
            "tiktok.com is down for everyone: unreachable in 3 of 3 regions"),
        argumentSet("provisional global outage says who is still checking", "tiktok.com", REGIONS, false, null,
            List.of(down("eu-west", HTTP_5XX), down("us-east", HTTP_5XX)),
            "tiktok.com is down for everyone: HTTP 502 server error in 2 of 2 regions (1 still checking)"),
        argumentSet("regional outage", "tiktok.com", REGIONS, false, null,
            List.of(down("eu-west", CONNECT_TIMEOUT), up("us-east"), up("ap-south")),
            "tiktok.com is down in eu-west (connection timed out) and up in 2 other regions"),
        argumentSet("regional maintenance", "example.com", regions(3), false, null,
            List.of(down("r1", HTTP_5XX).status(503).retryAfter("600"), up("r2"), up("r3")),
            "example.com is down in r1 (HTTP 503 for maintenance) and up in 2 other regions"),
        argumentSet("regional outage in two regions", "tiktok.com", regions(3), false, null,
            List.of(down("r1", CONNECT_TIMEOUT), down("r2", CONNECT_REFUSED), up("r3")),
            "tiktok.com is down in r1 (connection timed out) and r2 (connection refused), and up in 1 other region"),
        argumentSet("regional outage in many regions is counted", "tiktok.com", regions(8), false, null,
            List.of(down("r1", TIMEOUT), down("r2", TIMEOUT), down("r3", TIMEOUT), down("r4", CONNECT_REFUSED),
                up("r5"), up("r6"), up("r7"), up("r8")),
            "tiktok.com is down in 4 regions (no answer in time in 3, connection refused in 1), and up in 4 other regions"),
        argumentSet("up everywhere", "example.com", REGIONS, false, null, REGIONS.stream().map(Fixtures::up).toList(),
            "example.com is up in all 3 regions"),
        argumentSet("up and it's just you", "example.com", regions(3), false, CANNOT_REACH, each(up("r1"), 3),
            "example.com is up in all 3 regions: it's just you"),
        argumentSet("up in both of two", "example.com", regions(2), false, null, each(up("r1"), 2),
            "example.com is up in both regions"),
        argumentSet("up in the one region", "example.com", List.of("eu-west"), false, null, List.of(up("eu-west")),
            "example.com is up in eu-west"),
        argumentSet("up with a region that could not tell", "example.com", regions(3), false, null,
            List.of(up("r1"), up("r2"), error("r3")), "example.com is up in 2 of 3 regions (1 gave no usable answer)"),
        argumentSet("up but geo-blocked somewhere", "example.com", regions(3), false, null,
            List.of(up("r1").status(403), up("r2"), up("r3")),
            "example.com is up in all 3 regions; it answers HTTP 403 in r1, which looks like geo-blocking"),
        argumentSet("up but slow", "example.com", regions(3), false, null, each(up("r1").ms(2400), 3),
            "example.com is up but slow: median 2.4 s in 3 regions"),
        argumentSet("up but slow and it's just you", "example.com", regions(3), false, CANNOT_REACH, each(up("r1").ms(2400), 3),
            "example.com is up but slow: median 2.4 s in 3 regions; it's just you"),
        argumentSet("inconclusive", "example.com", regions(3), true, null, List.of(up("r1")),
            "could not tell whether example.com is down: only 1 of 3 regions gave a usable answer, 2 needed"),
        argumentSet("inconclusive with nothing usable", "example.com", regions(3), true, null, List.of(error("r1")),
            "could not tell whether example.com is down: none of 3 regions gave a usable answer, 2 needed"),
        argumentSet("inconclusive with no region", "example.com", List.of(), true, null, List.of(),
            "could not check example.com: there was no region to check it from"),
        argumentSet("a missing target still makes a sentence", null, regions(1), false, null, List.of(up("r1")),
            "the target is up in r1"));
  }

  @ParameterizedTest
  @MethodSource("sentences")
  void summaryIsOnePlainSentence(String target, List<String> expected, boolean deadline, ClientView client, List<R> rs,
                                 String sentence) {
    Evidence e = new Evidence(target, expected, Fixtures.built(rs), 2000, client, deadline);
    assertThat(Consensus.assess(e).summary()).isEqualTo(sentence);
  }
}
