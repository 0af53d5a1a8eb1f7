package downcheck.agent.probe;

import downcheck.model.check.CheckOptions;
import downcheck.model.check.Expect;
import downcheck.model.check.Target;
import java.time.Duration;

/**
 * What to probe, what to expect of it, how long the probe may take in all, and the check's
 * options (request shape, IP family, the dns, ping and trace kinds' settings).
 */
public record ProbeSpec(Target target, Expect expect, Duration timeout, CheckOptions options) {
  public ProbeSpec {
    expect = expect == null ? Expect.DEFAULT : expect;
    options = options == null ? CheckOptions.DEFAULT : options;
  }

  /** A probe of the default shape (canaries, tests). */
  public ProbeSpec(Target target, Expect expect, Duration timeout) {
    this(target, expect, timeout, CheckOptions.DEFAULT);
  }
}
