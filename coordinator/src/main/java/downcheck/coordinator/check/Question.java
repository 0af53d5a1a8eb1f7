package downcheck.coordinator.check;

import downcheck.model.check.ClientView;
import downcheck.model.check.Expect;
import downcheck.model.check.RequestShape;
import downcheck.model.check.Target;
import java.util.List;

/**
 * What an asker wants to know. The target, regions, timeout and expectation make the probes
 * (and so which checks can answer one another); the slowness threshold and the asker's own
 * view judge them; {@code fresh} refuses an answer shared from another check. The request it
 * sends ({@code request}: method, headers, body) is part of the probes too.
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
    RequestShape request) {

  public Question {
    regions = List.copyOf(regions);
    request = request == null ? RequestShape.DEFAULT : request;
  }

  /** A question sending a plain GET (or of another kind). */
  public Question(Target target, List<String> regions, int timeoutMs, long slowMs, Expect expect, ClientView client,
      boolean fresh) {
    this(target, regions, timeoutMs, slowMs, expect, client, fresh, RequestShape.DEFAULT);
  }
}
