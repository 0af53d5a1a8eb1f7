package downcheck.coordinator.check;

import downcheck.model.agent.Heartbeat;
import downcheck.model.check.CheckOptions;
import downcheck.model.check.ClientView;
import downcheck.model.check.Expect;
import downcheck.model.check.RequestShape;
import downcheck.model.check.Target;
import java.util.List;

/**
 * What an asker wants to know. The target, regions, timeout, expectation, options and eyes make
 * the probes (and so which checks can answer one another); the slowness threshold and the
 * asker's own view judge them; {@code fresh} refuses an answer shared from another check;
 * {@code options} shape the probes (the request sent, the IP family, the kinds' settings), so
 * checks with other options answer other questions.
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
    CheckOptions options,
    Eyes eyes,
    List<Heartbeat> chosen) {

  public Question {
    regions = List.copyOf(regions);
    options = options == null ? CheckOptions.DEFAULT : options;
    eyes = eyes == null ? Eyes.ONE_PER_REGION : eyes;
    chosen = chosen == null ? List.of() : List.copyOf(chosen);
  }

  /** A question of the default shape (a plain GET or another kind, either IP family), one agent of each region's group. */
  public Question(Target target, List<String> regions, int timeoutMs, long slowMs, Expect expect, ClientView client,
      boolean fresh) {
    this(target, regions, timeoutMs, slowMs, expect, client, fresh, CheckOptions.DEFAULT, Eyes.ONE_PER_REGION,
        List.of());
  }

  /** A question of these options, one agent of each region's group. */
  public Question(Target target, List<String> regions, int timeoutMs, long slowMs, Expect expect, ClientView client,
      boolean fresh, CheckOptions options) {
    this(target, regions, timeoutMs, slowMs, expect, client, fresh, options, Eyes.ONE_PER_REGION, List.of());
  }

  /** The request it sends: method, headers, body. */
  public RequestShape request() {
    return options.request();
  }

  /** The same question, answered by these agents (as {@link AgentPicker#choose} gave them), addressed directly. */
  public Question answeredBy(List<Heartbeat> agents) {
    return new Question(target, regions, timeoutMs, slowMs, expect, client, fresh, options, eyes, agents);
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
