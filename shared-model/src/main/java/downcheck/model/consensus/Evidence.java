package downcheck.model.consensus;

import downcheck.model.check.ClientView;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.LocalIssue;
import java.util.List;

/**
 * Everything the consensus function looks at.
 *
 * @param target          the target as a person reads it (host or URL), for the summary
 * @param expectedRegions the regions the check was sent to
 * @param results         every result received so far, in any order, duplicates allowed
 * @param slowMs          the DEGRADED threshold
 * @param client          the asker's own view, may be null
 * @param deadlinePassed  true once the check's deadline has passed: missing regions are MISSING
 * @param knownImpaired   agents the network knows to be impaired from their heartbeats, in regions
 *                        whose live agents all are (each with the heartbeat's reason): a region
 *                        silent at the deadline whose agents are listed here is IMPAIRED, not MISSING
 */
public record Evidence(
    String target,
    List<String> expectedRegions,
    List<ProbeResult> results,
    long slowMs,
    ClientView client,
    boolean deadlinePassed,
    List<LocalIssue> knownImpaired) {

  public Evidence {
    expectedRegions = expectedRegions == null ? List.of() : List.copyOf(expectedRegions);
    results = results == null ? List.of() : List.copyOf(results);
    knownImpaired = knownImpaired == null ? List.of() : List.copyOf(knownImpaired);
  }

  /** Evidence with no agent known to be impaired beyond what the results say. */
  public Evidence(String target, List<String> expectedRegions, List<ProbeResult> results, long slowMs,
      ClientView client, boolean deadlinePassed) {
    this(target, expectedRegions, results, slowMs, client, deadlinePassed, List.of());
  }
}
