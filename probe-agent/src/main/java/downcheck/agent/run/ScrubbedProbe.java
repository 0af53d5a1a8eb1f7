package downcheck.agent.run;

import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeSpec;
import downcheck.model.check.AddressPolicy;
import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Future;

/**
 * A kind's probe whose message passes {@link AddressPolicy#scrub} on its way out: a result is
 * public, and no address the guard refuses may be in it, whoever wrote the words
 * (docs/security.md, Private addresses).
 */
record ScrubbedProbe(Probe inner, AddressPolicy policy) implements Probe {
  @Override
  public Future<ProbeOutcome> run(ProbeSpec spec) {
    return inner.run(spec).map(o -> o.message() == null ? o
        : o.withMessage(policy.scrub(o.message(), spec.target().host())));
  }
}
