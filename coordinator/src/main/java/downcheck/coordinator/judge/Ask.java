package downcheck.coordinator.judge;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One second opinion of a check as the coordinators keep it (docs/consensus.md, "A second
 * opinion before down"): asked of {@code agentId} in {@code region} about the DOWN of agent
 * {@code about}, because of {@code askedBecause}; or not asked ({@code agentId} null), and
 * {@code notAsked} says why. Its outcome is not kept here: it is the asked agent's own result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ask(String agentId, String region, String about, String askedBecause, String notAsked) {
  public Ask {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region: missing in a second opinion");
    }
    if ((agentId == null) == (notAsked == null)) {
      throw new IllegalArgumentException("a second opinion of " + region + " is asked of an agent or says why not");
    }
  }

  public static Ask of(String agentId, String region, String about, String askedBecause) {
    return new Ask(agentId, region, about, askedBecause, null);
  }

  public static Ask notAsked(String region, String about, String askedBecause, String why) {
    return new Ask(null, region, about, askedBecause, why);
  }

  public boolean asked() {
    return agentId != null;
  }
}
