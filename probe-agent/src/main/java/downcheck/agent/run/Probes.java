package downcheck.agent.run;

import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeMemory;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.dns.DnsProbe;
import downcheck.agent.resolve.Resolver;
import downcheck.agent.resolve.Resolvers;
import downcheck.agent.probe.http.HttpProbe;
import downcheck.agent.probe.ping.PingProbe;
import downcheck.agent.probe.process.ChildProcesses;
import downcheck.agent.probe.process.Destination;
import downcheck.agent.probe.trace.TraceProbe;
import downcheck.model.check.AddressPolicy;
import downcheck.agent.probe.tcp.TcpProbe;
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

  /** With no memory budget: the canaries' own probes, and tests. */
  public static Probes create(Vertx vertx, ProbeSettings settings) {
    return create(vertx, settings, ProbeMemory.unlimited());
  }

  /** @param memory what the probes in flight may hold, shared by every lane of the agent */
  public static Probes create(Vertx vertx, ProbeSettings settings, ProbeMemory memory) {
    return create(vertx, settings, Resolvers.create(vertx, settings.resolverConfig()), Clock.systemUTC(), memory);
  }

  /** The same, with the resolver and clock given (tests, and agents that share a resolver). */
  public static Probes create(Vertx vertx, ProbeSettings settings, Resolver resolver, Clock clock) {
    return create(vertx, settings, resolver, clock, ProbeMemory.unlimited());
  }

  /** The same, with the process's probe memory budget (docs/probes.md, Limits). */
  public static Probes create(Vertx vertx, ProbeSettings settings, Resolver resolver, Clock clock,
      ProbeMemory memory) {
    return create(vertx, settings, resolver, clock, memory,
        new ChildProcesses(vertx, ChildProcesses.DEFAULT_MAX_AT_ONCE, ChildProcesses.DEFAULT_OUTPUT_CAP));
  }

  /** The same, with the child processes of ping and trace, bounded for the whole agent. */
  public static Probes create(Vertx vertx, ProbeSettings settings, Resolver resolver, Clock clock,
      ProbeMemory memory, ChildProcesses processes) {
    AddressPolicy policy = new AddressPolicy(settings.allowPrivateTargets());
    Map<ProbeKind, Probe> m = new EnumMap<>(ProbeKind.class);
    m.put(ProbeKind.HTTP, new ScrubbedProbe(new HttpProbe(vertx, settings, resolver, clock, memory), policy));
    m.put(ProbeKind.TCP, new ScrubbedProbe(new TcpProbe(vertx, settings, resolver), policy));
    m.put(ProbeKind.DNS, new ScrubbedProbe(new DnsProbe(vertx, resolver, policy), policy));
    Destination destination = new Destination(vertx, resolver, policy, settings.sourceAddress());
    m.put(ProbeKind.PING, new ScrubbedProbe(new PingProbe(destination, processes), policy));
    m.put(ProbeKind.TRACE, new ScrubbedProbe(new TraceProbe(destination, processes, policy), policy));
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
