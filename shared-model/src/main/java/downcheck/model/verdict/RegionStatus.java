package downcheck.model.verdict;

/**
 * One region's status from the results of its agents. {@code REFUSED}: its agents would not
 * probe the target, as it resolves to an address the network does not probe (TARGET_REFUSED).
 */
public enum RegionStatus { UP, DOWN, IMPAIRED, PENDING, MISSING, REFUSED }
