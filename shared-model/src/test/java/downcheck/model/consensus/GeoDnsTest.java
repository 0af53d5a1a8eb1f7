package downcheck.model.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.result.DnsAnswer;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.Verdict;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GeoDnsTest {
  private static ProbeResult answered(String region, String type, String... records) {
    return result(region, ProbeOutcome.up(Timings.total(20), null).withDns(new DnsAnswer(type, List.of(records), null)));
  }

  private static ProbeResult result(String region, ProbeOutcome outcome) {
    return new ProbeResult(new Stamp(0, "c-1", region + "-a1", region, Fixtures.T0.plusSeconds(1), false, null), outcome);
  }

  private static Assessment assess(List<String> regions, ProbeResult... results) {
    return Consensus.assess(new Evidence("example.com", regions, List.of(results), 2000, null, true));
  }

  @Test
  void differentAnswersInUpRegionsAreGeoDnsNotAnOutage() {
    Assessment a = assess(List.of("eu-west", "us-east"),
        answered("eu-west", "A", "192.0.2.1"), answered("us-east", "A", "198.51.100.7"));

    assertThat(a.verdict()).isEqualTo(Verdict.UP);
    assertThat(a.summary()).endsWith(
        "; answers differ between regions (normal for geo-DNS): eu-west 192.0.2.1, us-east 198.51.100.7");
  }

  @Test
  void theSameRecordsInAnotherOrderAreTheSameAnswer() {
    Assessment a = assess(List.of("eu-west", "us-east"),
        answered("eu-west", "MX", "10 mx1.example.com.", "20 mx2.example.com."),
        answered("us-east", "MX", "20 mx2.example.com.", "10 mx1.example.com."));

    assertThat(a.verdict()).isEqualTo(Verdict.UP);
    assertThat(a.summary()).doesNotContain("differ");
  }

  @Test
  void plainAddressLookupsAreComparedToo() {
    ProbeResult eu = result("eu-west", ProbeOutcome.up(Timings.total(20), null).withAddresses(List.of("192.0.2.1")));
    ProbeResult us = result("us-east", ProbeOutcome.up(Timings.total(20), null)
        .withAddresses(List.of("198.51.100.7", "198.51.100.8")));

    assertThat(assess(List.of("eu-west", "us-east"), eu, us).summary())
        .endsWith("eu-west 192.0.2.1, us-east 198.51.100.7 and 198.51.100.8");
  }

  @Test
  void anOutageIsNeverCalledGeoDns() {
    ProbeResult failed = result("us-east", ProbeOutcome.down(ErrorClass.DNS_NXDOMAIN, Timings.total(20), null, "NXDOMAIN"));
    Assessment a = assess(List.of("eu-west", "us-east", "ap-south"),
        answered("eu-west", "A", "192.0.2.1"), answered("ap-south", "A", "192.0.2.9"), failed);

    assertThat(a.verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    assertThat(a.summary()).doesNotContain("geo-DNS");
  }

  @Test
  void manyRegionsAndRecordsAreCountedNotListed() {
    List<String> regions = IntStream.rangeClosed(1, 7).mapToObj(i -> "r" + i).toList();
    ProbeResult[] results = regions.stream()
        .map(r -> answered(r, "A", "192.0.2." + r.substring(1), "198.51.100.1", "198.51.100.2", "198.51.100.3"))
        .toArray(ProbeResult[]::new);

    String summary = assess(regions, results).summary();

    assertThat(summary).contains("r1 192.0.2.1 and 198.51.100.1 and 198.51.100.2 and 1 more")
        .endsWith("and 2 other regions").doesNotContain("r6 ");
  }
}
