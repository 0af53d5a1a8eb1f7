package downcheck.agent.probe;

import downcheck.agent.probe.dns.BlockingSystemResolver;
import downcheck.agent.probe.dns.Resolver;
import downcheck.agent.probe.http.HttpProbe;
import downcheck.model.check.ProbeKind;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/** The one place that maps a probe kind to its implementation. */
public final class Probes {
  private final Map<ProbeKind, Probe> byKind;

  private Probes(Map<ProbeKind, Probe> byKind) {
    this.byKind = byKind;
  }

  public static Probes create(Vertx vertx, ProbeSettings settings) {
    Resolver resolver = new BlockingSystemResolver(vertx);
    Map<ProbeKind, Probe> m = new EnumMap<>(ProbeKind.class);
    m.put(ProbeKind.HTTP, new HttpProbe(vertx, settings, resolver, Clock.systemUTC()));
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
