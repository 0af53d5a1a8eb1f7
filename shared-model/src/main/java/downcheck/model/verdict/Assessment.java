package downcheck.model.verdict;

import java.util.List;

/** What the consensus function makes of the evidence so far. */
public record Assessment(
    Verdict verdict,
    boolean isFinal,
    boolean justYou,
    double confidence,
    String summary,
    Diagnosis diagnosis,
    Quorum quorum,
    List<RegionReport> regions,
    List<LocalIssue> localIssues) {

  public Assessment {
    regions = regions == null ? List.of() : List.copyOf(regions);
    localIssues = localIssues == null ? List.of() : List.copyOf(localIssues);
  }
}
