package downcheck.model.verdict;

/** One region's status from the results of its agents. */
public enum RegionStatus { UP, DOWN, IMPAIRED, PENDING, MISSING }
