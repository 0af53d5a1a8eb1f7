package downcheck.model.verdict;

/** The likely cause and the evidence for it, e.g. "CONNECT_TIMEOUT in 1 of 3 regions". */
public record Diagnosis(Cause cause, String evidence) {
  public static final Diagnosis NONE = new Diagnosis(Cause.NONE, "");
}
