package downcheck.coordinator.opinion;

/**
 * When a coordinator asks for a second opinion before "down" (docs/consensus.md).
 *
 * @param maxPerCheck   second opinions asked per check at most, one per region at most; 0: never
 * @param belowConfidence an outage verdict less sure than this asks one of its DOWN regions too
 */
public record SecondOpinionSettings(int maxPerCheck, double belowConfidence) {
  public static final SecondOpinionSettings DEFAULT = new SecondOpinionSettings(2, 0.5);
  public static final SecondOpinionSettings NEVER = new SecondOpinionSettings(0, 0);

  public SecondOpinionSettings {
    if (maxPerCheck < 0 || maxPerCheck > 16) {
      throw new IllegalArgumentException("--second-opinions: " + maxPerCheck + " is not in 0..16");
    }
    if (!(belowConfidence >= 0 && belowConfidence <= 1)) {
      throw new IllegalArgumentException("--second-opinion-below: " + belowConfidence + " is not in 0..1");
    }
  }

  public boolean enabled() {
    return maxPerCheck > 0;
  }
}
