package downcheck.coordinator.check;

import downcheck.model.check.CheckOptions;
import downcheck.model.check.ClientView;
import downcheck.model.check.Expect;
import downcheck.model.check.RequestShape;
import downcheck.model.check.Target;
import java.util.List;

/**
 * What an asker wants to know. The target, regions, timeout and expectation make the probes
 * (and so which checks can answer one another); the slowness threshold and the asker's own
 * view judge them; {@code fresh} refuses an answer shared from another check; {@code options}
 * shape the probes (the request sent, the IP family...), so checks with other options answer
 * other questions.
 *
 * @param regions the regions to probe from, already checked against the live ones
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

  public Question {
    regions = List.copyOf(regions);
    options = options == null ? CheckOptions.DEFAULT : options;
  }

  /** A question of the default shape (a plain GET or another kind, either IP family). */
  public Question(Target target, List<String> regions, int timeoutMs, long slowMs, Expect expect, ClientView client,
      boolean fresh) {
    this(target, regions, timeoutMs, slowMs, expect, client, fresh, CheckOptions.DEFAULT);
  }

  /** The request it sends: method, headers, body. */
  public RequestShape request() {
    return options.request();
  }
}
