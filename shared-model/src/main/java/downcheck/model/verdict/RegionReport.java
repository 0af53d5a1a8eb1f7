package downcheck.model.verdict;

import downcheck.model.result.ProbeResult;
import java.util.List;

/** One region in a check: its status and the results of its agents. */
public record RegionReport(String region, RegionStatus status, List<ProbeResult> results) {
  public RegionReport {
    results = results == null ? List.of() : List.copyOf(results);
  }
}
