package downcheck.model.verdict;

/** The consensus answer for a check (DESIGN.md, "Telling a global outage from a local problem"). */
public enum Verdict { UP, DEGRADED, REGIONAL_OUTAGE, GLOBAL_OUTAGE, INCONCLUSIVE, PENDING }
