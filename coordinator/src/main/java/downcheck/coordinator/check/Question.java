package downcheck.coordinator.check;

import downcheck.model.agent.Heartbeat;
import downcheck.model.check.ClientView;
import downcheck.model.check.Expect;
import downcheck.model.check.Target;
import java.util.List;

/**
 * What an asker wants to know. The target, regions, timeout, expectation and eyes make the
 * probes (and so which checks can answer one another); the slowness threshold and the asker's
 * own view judge them; {@code fresh} refuses an answer shared from another check.
 *
 * @param regions the regions asked for, already checked against the live ones (all live ones
 *                when none was named)
 * @param eyes    how many agents answer, and which ({@link Eyes#ONE_PER_REGION}: the regions' groups)
 * @param chosen  the agents chosen for those eyes ({@link AgentPicker}), addressed directly;
 *                empty for the regions' groups
 */
public record Question(
    Target target,
    List<String> regions,
    int timeoutMs,
    long slowMs,
    Expect expect,
    ClientView client,
    boolean fresh,
    Eyes eyes,
    List<Heartbeat> chosen) {

  public Question {
    regions = List.copyOf(regions);
    eyes = eyes == null ? Eyes.ONE_PER_REGION : eyes;
    chosen = chosen == null ? List.of() : List.copyOf(chosen);
  }

  /** One agent of each region's group. */
  public Question(Target target, List<String> regions, int timeoutMs, long slowMs, Expect expect, ClientView client,
      boolean fresh) {
    this(target, regions, timeoutMs, slowMs, expect, client, fresh, Eyes.ONE_PER_REGION, List.of());
  }

  /** The same question, answered by these agents (as {@link AgentPicker#choose} gave them), addressed directly. */
  public Question answeredBy(List<Heartbeat> agents) {
    return new Question(target, regions, timeoutMs, slowMs, expect, client, fresh, eyes, agents);
  }

  /** The ids of the agents chosen; empty for the regions' groups. */
  public List<String> agents() {
    return chosen.stream().map(Heartbeat::agentId).toList();
  }

  /**
   * The regions the check expects answers from: those asked, or, for a check by locations, the
   * regions of the agents chosen.
   */
  public List<String> probedRegions() {
    return chosen.isEmpty() || eyes.locations().isEmpty() ? regions
        : chosen.stream().map(Heartbeat::region).distinct().sorted().toList();
  }
}
