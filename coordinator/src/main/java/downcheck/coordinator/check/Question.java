package downcheck.coordinator.check;

import downcheck.model.check.CheckOptions;
import downcheck.model.check.ClientView;
import downcheck.model.check.Expect;
import downcheck.model.check.Target;
import java.util.List;

/**
 * What an asker wants to know. The target, regions, timeout and expectation make the probes
 * (and so which checks can answer one another); the slowness threshold and the asker's own
 * view judge them; {@code fresh} refuses an answer shared from another check.
 *
 * @param regions the regions to probe from, already checked against the live ones
 * @param options the probe's shape beyond target and kind (ping count, trace protocol, ...); part of the question
 */
public record Question(
    Target target,
    List<String> regions,
    int timeoutMs,
    long slowMs,
    Expect expect,
    ClientView client,
    boolean fresh,
    CheckOptions options) {

  /** A question of the default shape (monitors, tests). */
  public Question(Target target, List<String> regions, int timeoutMs, long slowMs, Expect expect, ClientView client,
      boolean fresh) {
    this(target, regions, timeoutMs, slowMs, expect, client, fresh, CheckOptions.DEFAULT);
  }

  public Question {
    regions = List.copyOf(regions);
    options = options == null ? CheckOptions.DEFAULT : options;
  }
}
