package downcheck.agent.probe;

import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Future;

/**
 * One kind of probe. The caller owns the deadline ({@link ProbeSpec#timeout()}); the probe
 * obeys it. The future always succeeds: every failure is classified into a
 * {@link ProbeOutcome}, never thrown.
 */
public interface Probe {
  Future<ProbeOutcome> run(ProbeSpec spec);
}
