package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Cause;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one final run of a monitor saw, the part of its check the rules need.
 *
 * @param downRegions regions whose usable agents found the target down
 * @param upRegions   how many usable regions found it up
 * @param certDaysLeft per region whose agents completed a TLS handshake, the fewest days left of the leaf certificates they saw
 */
public record RunOutcome(String checkId, Verdict verdict, Instant at, List<String> downRegions, int upRegions,
    Cause cause, String summary, Map<String, Integer> certDaysLeft) {

  @JsonCreator
  public RunOutcome {
    downRegions = downRegions == null ? List.of() : List.copyOf(downRegions);
    certDaysLeft = certDaysLeft == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(certDaysLeft));
  }

  /** A run that saw no certificate. */
  public RunOutcome(String checkId, Verdict verdict, Instant at, List<String> downRegions, int upRegions, Cause cause,
      String summary) {
    this(checkId, verdict, at, downRegions, upRegions, cause, summary, Map.of());
  }

  public static RunOutcome of(CheckView check, Instant at) {
    List<String> down = check.regions().stream().filter(r -> r.status() == RegionStatus.DOWN).map(RegionReport::region)
        .toList();
    int up = (int) check.regions().stream().filter(r -> r.status() == RegionStatus.UP).count();
    Cause cause = check.diagnosis() == null ? Cause.NONE : check.diagnosis().cause();
    Map<String, Integer> certs = new LinkedHashMap<>();
    check.regions().forEach(r -> r.results().stream().map(ProbeResult::certDaysLeft).filter(d -> d != null)
        .min(Integer::compare).ifPresent(d -> certs.put(r.region(), d)));
    return new RunOutcome(check.id(), check.verdict(), at, down, up, cause, check.summary(), certs);
  }

  /** The share of usable regions that found it up, 0..1; null when no region could tell. */
  public Double upShare() {
    int usable = upRegions + downRegions.size();
    if (MonitorState.of(verdict) == MonitorState.UNKNOWN || usable == 0) {
      return null;
    }
    return (double) upRegions / usable;
  }
}
