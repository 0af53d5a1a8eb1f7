package downcheck.agent.probe;

import downcheck.model.check.ProbeKind;
import io.vertx.core.Vertx;
import java.util.EnumMap;
import java.util.Map;

/** The one place that maps a probe kind to its implementation. */
public final class Probes {
  private final Map<ProbeKind, Probe> byKind;

  private Probes(Map<ProbeKind, Probe> byKind) {
    this.byKind = byKind;
  }

  public static Probes create(Vertx vertx, ProbeSettings settings) {
    Map<ProbeKind, Probe> m = new EnumMap<>(ProbeKind.class);
    // filled in by the probe engine (issue 4): http, tcp, dns
    return new Probes(m);
  }

  public Probe forKind(ProbeKind kind) {
    Probe p = byKind.get(kind);
    if (p == null) {
      throw new UnknownProbeKindException(kind);
    }
    return p;
  }

  /** A check named a kind this agent cannot run. */
  public static final class UnknownProbeKindException extends RuntimeException {
    public UnknownProbeKindException(ProbeKind kind) {
      super("no probe for kind " + kind);
    }
  }
}
