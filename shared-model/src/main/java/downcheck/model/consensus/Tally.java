package downcheck.model.consensus;

import downcheck.model.verdict.Quorum;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import java.util.List;

/** Region counts the verdict, the confidence and the summary are made of. */
record Tally(int expected, int reported, int usable, int up, int down, int pending, int refused, int required) {

  static Tally of(List<RegionReport> regions) {
    int reported = 0;
    int up = 0;
    int down = 0;
    int pending = 0;
    int refused = 0;
    for (RegionReport g : regions) {
      refused += g.status() == RegionStatus.REFUSED ? 1 : 0;
      reported += g.results().isEmpty() ? 0 : 1;
      up += g.status() == RegionStatus.UP ? 1 : 0;
      down += g.status() == RegionStatus.DOWN ? 1 : 0;
      pending += g.status() == RegionStatus.PENDING ? 1 : 0;
    }
    return new Tally(regions.size(), reported, up + down, up, down, pending, refused, Consensus.quorum(regions.size()));
  }

  /** Every region has answered, or the deadline turned the silent ones MISSING. */
  boolean isFinal() {
    return pending == 0;
  }

  /** Expected regions without a usable answer (yet): pending, impaired or missing. */
  int unusable() {
    return expected - usable;
  }

  Quorum quorum() {
    return new Quorum(expected, reported, usable, required);
  }
}
