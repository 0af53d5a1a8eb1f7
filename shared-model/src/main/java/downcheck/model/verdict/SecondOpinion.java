package downcheck.model.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import downcheck.model.result.Outcome;

/**
 * A second opinion the coordinator asked before the verdict was final: of which agent and
 * region, why ({@code askedBecause}, e.g. "eu-west-a1 alone saw it down"), and what it said
 * (null while it has not answered; ERROR when the asked agent could not tell). When no other
 * agent could be asked, {@code agentId} is absent and {@code notAsked} says why ("no other agent
 * in eu-west to ask").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecondOpinion(String agentId, String region, String askedBecause, Outcome outcome, String notAsked) {
  public SecondOpinion(String agentId, String region, String askedBecause, Outcome outcome) {
    this(agentId, region, askedBecause, outcome, null);
  }
}
