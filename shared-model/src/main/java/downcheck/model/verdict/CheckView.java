package downcheck.model.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;
import downcheck.model.check.ProbeKind;
import java.time.Instant;
import java.util.List;

/** A check as the API shows it (API.md, "The check"), and as it travels on {@code downcheck.verdicts}. */
public record CheckView(
    String id,
    String target,
    ProbeKind kind,
    Instant createdAt,
    Instant deadline,
    @JsonProperty("final") boolean isFinal,
    boolean coalesced,
    Verdict verdict,
    boolean justYou,
    double confidence,
    String summary,
    Diagnosis diagnosis,
    Quorum quorum,
    List<RegionReport> regions,
    List<LocalIssue> localIssues) {

  public CheckView {
    regions = regions == null ? List.of() : List.copyOf(regions);
    localIssues = localIssues == null ? List.of() : List.copyOf(localIssues);
  }

  public CheckView asCoalesced() {
    return new CheckView(id, target, kind, createdAt, deadline, isFinal, true, verdict, justYou, confidence,
        summary, diagnosis, quorum, regions, localIssues);
  }
}
