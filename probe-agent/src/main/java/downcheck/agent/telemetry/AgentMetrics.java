package downcheck.agent.telemetry;

import downcheck.model.check.ProbeKind;
import downcheck.model.result.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every metric an agent publishes, named and described once. Micrometer adds the Prometheus
 * suffixes: the counter {@code downcheck.agent.results} is {@code downcheck_agent_results_total}.
 */
public final class AgentMetrics {
  private final MeterRegistry registry;
  // registered once per label value: counting a result is on the probe path, thousands a second
  private final Map<Outcome, Counter> results = new EnumMap<>(Outcome.class);
  private final Map<SkipReason, Counter> skips = new EnumMap<>(SkipReason.class);
  private final Map<ProbeKind, Timer> durations = new EnumMap<>(ProbeKind.class);
  /** The probe duration histogram's buckets: a fixed few, so a scrape stays small. */
  static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30)};

  public AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome outcome : Outcome.values()) {
      results.put(outcome, Counter.builder("downcheck.agent.results").description("Probe results published, by outcome.")
          .tag("outcome", outcome.name()).register(registry));
    }
    for (SkipReason reason : SkipReason.values()) {
      skips.put(reason, Counter.builder("downcheck.agent.checks.skipped")
          .description("Checks read but not run: for another region or other agents, or past their deadline.")
          .tag("reason", reason.label).register(registry));
    }
    for (ProbeKind kind : ProbeKind.values()) {
      durations.put(kind, Timer.builder("downcheck.agent.probe.duration")
          .description("A probe's total time as its result reports it, by kind.")
          .serviceLevelObjectives(DURATION_BUCKETS).tag("kind", kind.wire()).register(registry));
    }
  }

  /** A result published, by outcome. */
  public void result(Outcome outcome) {
    results.get(outcome).increment();
  }

  /** A probe's total time, as its result says. */
  public void probeDuration(ProbeKind kind, long totalMs) {
    durations.get(kind).record(Duration.ofMillis(Math.max(0, totalMs)));
  }

  /** A check not run, and why. */
  public void skipped(SkipReason reason) {
    skips.get(reason).increment();
  }

  /** A record on {@code topic} that did not parse. */
  public void malformed(String topic) {
    Counter.builder("downcheck.agent.malformed.records").description("Kafka records that did not parse, skipped.")
        .tag("topic", topic).register(registry).increment();
  }

  /** Probes this agent runs now, read when scraped (several agents share a registry in dev). */
  public void probesInFlight(String agentId, Supplier<Number> inFlight) {
    Gauge.builder("downcheck.agent.probes.in.flight", inFlight).description("Probes running now.")
        .tag("agent", agentId).register(registry);
  }

  /** What this agent's probes in flight hold of its memory budget, and the probes it refused for it. */
  public void probeMemory(String agentId, Supplier<Number> heldBytes, Supplier<Number> refusals) {
    Gauge.builder("downcheck.agent.probe.memory.held", heldBytes)
        .description("Bytes the probes in flight hold of --probe-memory-budget-bytes.")
        .tag("agent", agentId).register(registry);
    FunctionCounter.builder("downcheck.agent.probe.memory.refusals", refusals, r -> r.get().doubleValue())
        .description("Probes ended as ERROR because the probe memory budget was spent.")
        .tag("agent", agentId).register(registry);
  }

  /** 1 while more than half of this agent's canaries fail, read when scraped. */
  public void impaired(String agentId, Supplier<Number> impaired) {
    Gauge.builder("downcheck.agent.impaired", impaired)
        .description("1 while the agent is impaired (more than half of its canaries fail), else 0.")
        .tag("agent", agentId).register(registry);
  }

  public enum SkipReason {
    OTHER_REGION("other_region"), OTHER_AGENT("other_agent"), EXPIRED("expired");

    private final String label;

    SkipReason(String label) {
      this.label = label;
    }
  }
}
