package downcheck.model.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The likely cause and the evidence for it, e.g. "CONNECT_TIMEOUT in 1 of 3 regions"; when a
 * failing and a healthy region traced the target, {@code pathSplit} says where their paths part.
 */
public record Diagnosis(Cause cause, String evidence, @JsonInclude(JsonInclude.Include.NON_NULL) PathSplit pathSplit) {
  public static final Diagnosis NONE = new Diagnosis(Cause.NONE, "");

  public Diagnosis(Cause cause, String evidence) {
    this(cause, evidence, null);
  }

  public Diagnosis withPathSplit(PathSplit pathSplit) {
    return new Diagnosis(cause, evidence, pathSplit);
  }
}
