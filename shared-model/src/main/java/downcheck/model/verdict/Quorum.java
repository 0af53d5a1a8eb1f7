package downcheck.model.verdict;

/** How many regions were expected, reported, were usable (UP or DOWN), and the quorum required. */
public record Quorum(int expected, int reported, int usable, int required) {}
