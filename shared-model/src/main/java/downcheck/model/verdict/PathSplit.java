package downcheck.model.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import downcheck.model.result.Hop;
import java.util.List;

/**
 * Where a failing region's path to the target parts from a healthy region's: the last hop the
 * failing one reached ({@code failing.lastHop}), the first hop the healthy one reached that the
 * failing one did not ({@code healthy.firstDifferentHop}), and both paths, for the check page to
 * show side by side.
 */
public record PathSplit(Side failing, Side healthy) {

  /** One region's trace, with the hop that marks the split on its side. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Side(String region, String agentId, Hop lastHop, Hop firstDifferentHop, List<Hop> hops) {
    public Side {
      hops = hops == null ? List.of() : List.copyOf(hops);
    }
  }
}
