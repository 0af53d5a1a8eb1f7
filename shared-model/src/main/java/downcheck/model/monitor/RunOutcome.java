package downcheck.model.monitor;

import downcheck.model.verdict.Cause;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * What one final run of a monitor saw, the part of its check the rules need.
 *
 * @param downRegions regions whose usable agents found the target down
 * @param upRegions   how many usable regions found it up
 */
public record RunOutcome(String checkId, Verdict verdict, Instant at, List<String> downRegions, int upRegions,
    Cause cause, String summary) {

  public RunOutcome {
    downRegions = downRegions == null ? List.of() : List.copyOf(downRegions);
  }

  public static RunOutcome of(CheckView check, Instant at) {
    List<String> down = check.regions().stream().filter(r -> r.status() == RegionStatus.DOWN).map(RegionReport::region)
        .toList();
    int up = (int) check.regions().stream().filter(r -> r.status() == RegionStatus.UP).count();
    Cause cause = check.diagnosis() == null ? Cause.NONE : check.diagnosis().cause();
    return new RunOutcome(check.id(), check.verdict(), at, down, up, cause, check.summary());
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
