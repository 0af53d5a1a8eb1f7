package downcheck.model.verdict;

import downcheck.model.result.Outcome;

/**
 * A second opinion the coordinator asked before the verdict was final: of which agent and
 * region, why ({@code askedBecause}, e.g. "eu-west-a1 alone saw it down"), and what it said
 * (null while it has not answered).
 */
public record SecondOpinion(String agentId, String region, String askedBecause, Outcome outcome) {}
