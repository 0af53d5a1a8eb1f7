package downcheck.model.agent;

/** The last round of canary probes: how many answered and how many failed. */
public record CanaryCounts(int ok, int failed) {
  public static final CanaryCounts NONE = new CanaryCounts(0, 0);
}
