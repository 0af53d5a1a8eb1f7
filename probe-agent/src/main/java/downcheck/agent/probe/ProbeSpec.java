package downcheck.agent.probe;

import downcheck.model.check.Expect;
import downcheck.model.check.Target;
import java.time.Duration;

/** What to probe, what to expect of it, and how long the probe may take in all. */
public record ProbeSpec(Target target, Expect expect, Duration timeout) {
  public ProbeSpec {
    expect = expect == null ? Expect.DEFAULT : expect;
  }
}
