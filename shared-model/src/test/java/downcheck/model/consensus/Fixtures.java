package downcheck.model.consensus;

import downcheck.model.check.ClientView;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.Assessment;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** Results and evidence in one line each: {@code up("eu-west").ms(2500)}, {@code down("r1", TIMEOUT)}. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final String TARGET = "example.com";

  private Fixtures() {}

  /** A result under construction; every wither returns a copy. */
  record R(String agentId, String region, Outcome outcome, ErrorClass errorClass, Integer status,
           boolean impaired, String impairedReason, Long ms, Instant at, String retryAfter) {

    R agent(String id) {
      return new R(id, region, outcome, errorClass, status, impaired, impairedReason, ms, at, retryAfter);
    }

    /** The same result from agent {@code <region>-a1} of another region. */
    R in(String otherRegion) {
      return new R(otherRegion + "-a1", otherRegion, outcome, errorClass, status, impaired, impairedReason, ms, at,
          retryAfter);
    }

    R status(Integer s) {
      return new R(agentId, region, outcome, errorClass, s, impaired, impairedReason, ms, at, retryAfter);
    }

    R ms(long total) {
      return new R(agentId, region, outcome, errorClass, status, impaired, impairedReason, total, at, retryAfter);
    }

    R at(int secondsAfterT0) {
      return new R(agentId, region, outcome, errorClass, status, impaired, impairedReason, ms,
          T0.plusSeconds(secondsAfterT0), retryAfter);
    }

    R retryAfter(String value) {
      return new R(agentId, region, outcome, errorClass, status, impaired, impairedReason, ms, at, value);
    }

    R impaired(String reason) {
      return new R(agentId, region, outcome, errorClass, status, true, reason, ms, at, retryAfter);
    }

    ProbeResult build() {
      return new ProbeResult(new Stamp(0, "c-1", agentId, region, at, impaired, impairedReason),
          new ProbeOutcome(outcome, errorClass, status, ms == null ? null : Timings.total(ms), "203.0.113.7", null, null,
              null, retryAfter, null));
    }

    @Override
    public String toString() {
      return region + ":" + outcome + (errorClass == null ? "" : "/" + errorClass) + (impaired ? "(impaired)" : "");
    }
  }

  static R up(String region) {
    return new R(region + "-a1", region, Outcome.UP, null, 200, false, null, 300L, T0.plusSeconds(1), null);
  }

  static R down(String region, ErrorClass errorClass) {
    Integer status = errorClass == ErrorClass.HTTP_5XX ? 502 : null;
    return new R(region + "-a1", region, Outcome.DOWN, errorClass, status, false, null, 5000L, T0.plusSeconds(1), null);
  }

  static R error(String region) {
    return new R(region + "-a1", region, Outcome.ERROR, null, null, false, null, null, T0.plusSeconds(1), null);
  }

  /** "r1".."rn". */
  static List<String> regions(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> "r" + i).toList();
  }

  static List<ProbeResult> built(List<R> rs) {
    return rs.stream().map(R::build).toList();
  }

  static Evidence evidence(List<String> regions, boolean deadlinePassed, List<R> rs) {
    return new Evidence(TARGET, regions, built(rs), 2000, null, deadlinePassed);
  }

  static Assessment assess(List<String> regions, boolean deadlinePassed, List<R> rs) {
    return Consensus.assess(evidence(regions, deadlinePassed, rs));
  }

  static Assessment assess(List<String> regions, ClientView client, List<R> rs) {
    return Consensus.assess(new Evidence(TARGET, regions, built(rs), 2000, client, false));
  }
}
