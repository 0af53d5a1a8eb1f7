package downcheck.model.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What the consensus function makes of the evidence so far. Its fields are also the verdict
 * half of a check's JSON ({@link CheckView} unwraps it), hence the API's names here:
 * {@code "final"}, and first, as the API has always shown it near the top.
 */
@JsonPropertyOrder({"final"})
public record Assessment(
    Verdict verdict,
    @JsonProperty("final") boolean isFinal,
    boolean justYou,
    double confidence,
    String summary,
    Diagnosis diagnosis,
    Quorum quorum,
    List<RegionReport> regions,
    List<LocalIssue> localIssues,
    @JsonInclude(JsonInclude.Include.NON_NULL) Scope scope,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SecondOpinion> secondOpinion) {

  public Assessment(Verdict verdict, boolean isFinal, boolean justYou, double confidence, String summary,
      Diagnosis diagnosis, Quorum quorum, List<RegionReport> regions, List<LocalIssue> localIssues) {
    this(verdict, isFinal, justYou, confidence, summary, diagnosis, quorum, regions, localIssues, null, null);
  }

  public Assessment {
    regions = regions == null ? List.of() : List.copyOf(regions);
    localIssues = localIssues == null ? List.of() : List.copyOf(localIssues);
    secondOpinion = secondOpinion == null ? List.of() : List.copyOf(secondOpinion);
  }

  public Assessment withFinal(boolean isFinal) {
    return new Assessment(verdict, isFinal, justYou, confidence, summary, diagnosis, quorum, regions, localIssues,
        scope, secondOpinion);
  }
}
