package downcheck.model.verdict;

/**
 * The consensus answer for a check: PENDING while a quorum of regions may still answer,
 * INCONCLUSIVE when it cannot; then GLOBAL_OUTAGE when every usable region is down,
 * REGIONAL_OUTAGE when some are, DEGRADED when all are up but slow, UP. The rules in full:
 * {@link downcheck.model.consensus.Consensus}, with examples in docs/consensus.md.
 */
public enum Verdict { UP, DEGRADED, REGIONAL_OUTAGE, GLOBAL_OUTAGE, INCONCLUSIVE, PENDING }
