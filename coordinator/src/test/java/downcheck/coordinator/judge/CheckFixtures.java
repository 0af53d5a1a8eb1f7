package downcheck.coordinator.judge;

import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import java.time.Instant;
import java.util.List;

/** One check of example.com from three regions, and results for it, as the judge's and the store's tests use them. */
public final class CheckFixtures {
  public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  public static final Instant DEADLINE = T0.plusSeconds(12);
  public static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

  private CheckFixtures() {}

  /** Check c-1, just taken: nothing in yet. */
  public static CheckRecord fresh() {
    return CheckRecord.open(request("c-1", T0, DEADLINE), "example.com", REGIONS, 2000, null);
  }

  public static CheckRequest request(String id, Instant createdAt, Instant deadline) {
    return new CheckRequest(1, id, "https://example.com/", ProbeKind.HTTP, REGIONS, 10_000, null, createdAt, deadline);
  }

  /** An UP result of c-1 from the region's first agent. */
  public static ProbeResult up(String region) {
    return new ProbeResult(Stamp.of("c-1", region + "-a1", region, T0.plusSeconds(1), null),
        ProbeOutcome.up(Timings.total(20), "203.0.113.7").withHttpStatus(200));
  }

  /** A DOWN result of c-1 (connection refused) from the region's first agent. */
  public static ProbeResult refused(String region) {
    return new ProbeResult(Stamp.of("c-1", region + "-a1", region, T0.plusSeconds(1), null),
        ProbeOutcome.down(ErrorClass.CONNECT_REFUSED, Timings.total(3), "203.0.113.7", "Connection refused"));
  }
}
