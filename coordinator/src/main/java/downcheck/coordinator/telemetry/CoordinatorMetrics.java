package downcheck.coordinator.telemetry;

import downcheck.model.verdict.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Every metric a coordinator publishes, named and described once. Micrometer adds the
 * Prometheus suffixes: the counter {@code downcheck.checks.submitted} is scraped as
 * {@code downcheck_checks_submitted_total}.
 */
public final class CoordinatorMetrics {
  private final MeterRegistry registry;
  private final Counter submitted;
  private final Counter coalesced;
  private final Counter resultsReceived;
  private final Counter resultsIgnored;
  private final Counter shed;
  private final Counter unpublished;
  private final Map<Verdict, Counter> finals = new EnumMap<>(Verdict.class);

  public CoordinatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.submitted = Counter.builder("downcheck.checks.submitted")
        .description("Checks accepted by this coordinator that sent probes.").register(registry);
    this.coalesced = Counter.builder("downcheck.checks.coalesced")
        .description("Checks answered from a check of the same probes.").register(registry);
    this.resultsReceived = Counter.builder("downcheck.results.received")
        .description("Probe results read from Kafka.").register(registry);
    this.resultsIgnored = Counter.builder("downcheck.results.ignored")
        .description("Results that changed nothing: unknown, final or duplicate.").register(registry);
    this.shed = Counter.builder("downcheck.submits.shed")
        .description("Submissions answered 503 because this coordinator had its most submissions in flight or checks open.")
        .register(registry);
    this.unpublished = Counter.builder("downcheck.verdicts.unpublished")
        .description("Verdicts Kafka did not take after the producer's retries (the check itself is kept).")
        .register(registry);
    for (String reason : new String[] {"client", "total"}) { // known in advance: there at 0 from the start
      connectionRefusedCounter(reason);
      streamRefusedCounter(reason);
    }
    for (String reason : new String[] {"unknown-agent", "too-many-waiting"}) {
      resultDroppedCounter(reason);
    }
    for (String reason : new String[] {"oversized", "unknown-origin"}) {
      verdictDroppedCounter(reason);
    }
    for (String reason : new String[] {"invalid", "agents", "regions"}) {
      heartbeatDroppedCounter(reason);
    }
    for (String kind : new String[] {"sse", "ws"}) {
      streamDroppedCounter(kind);
    }
    for (Verdict verdict : Verdict.values()) {
      finals.put(verdict, Counter.builder("downcheck.verdicts.final")
          .description("Checks made final by this coordinator, by verdict.").tag("verdict", verdict.name()).register(registry));
    }
  }

  public void verdictUnpublished() {
    unpublished.increment();
  }

  public void submitShed() {
    shed.increment();
  }

  public void checksOpen(Supplier<Number> open) {
    Gauge.builder("downcheck.checks.open", open)
        .description("Checks this coordinator started that are not final yet (--max-open-checks bounds them).")
        .register(registry);
  }

  public void submitsInFlight(Supplier<Number> inFlight) {
    Gauge.builder("downcheck.submits.in.flight", inFlight)
        .description("Check submissions this coordinator is working on.").register(registry);
  }

  public void checkSubmitted() {
    submitted.increment();
  }

  public void checkCoalesced() {
    coalesced.increment();
  }

  public void resultReceived() {
    resultsReceived.increment();
  }

  public void resultIgnored() {
    resultsIgnored.increment();
  }

  /** A record on {@code topic} that did not parse. */
  public void malformed(String topic) {
    Counter.builder("downcheck.malformed.records").description("Kafka records that did not parse, skipped.")
        .tag("topic", topic).register(registry).increment();
  }

  /**
   * A result not counted: its agent was not seen alive in its region ({@code unknown-agent}), or
   * too many such results waited already ({@code too-many-waiting}).
   */
  public void resultDropped(String reason) {
    resultDroppedCounter(reason).increment();
  }

  /** One counter of a family that differs by one tag (registered once, found again after). */
  private Counter tagged(String name, String key, String value, String description) {
    return Counter.builder(name).description(description).tag(key, value).register(registry);
  }

  private Counter resultDroppedCounter(String reason) {
    return tagged("downcheck.results.dropped", "reason", reason,
        "Results dropped unread: no live heartbeat of their agent names their region (docs/security.md).");
  }

  /** A verdict record not streamed: {@code oversized}, or {@code unknown-origin} (from no coordinator of this cluster). */
  public void verdictDropped(String reason) {
    verdictDroppedCounter(reason).increment();
  }

  private Counter verdictDroppedCounter(String reason) {
    return tagged("downcheck.verdicts.dropped", "reason", reason,
        "Verdict records dropped: larger than --max-verdict-chars, or from no known coordinator.");
  }

  /** A heartbeat not taken: {@code invalid}, or past {@code agents} or {@code regions} (the registry's caps). */
  public void heartbeatDropped(String reason) {
    heartbeatDroppedCounter(reason).increment();
  }

  private Counter heartbeatDroppedCounter(String reason) {
    return tagged("downcheck.heartbeats.dropped", "reason", reason,
        "Heartbeats dropped: oversized or not an agent's, or past --max-agents or --max-regions.");
  }

  /** A live stream cut off because its client read too slowly ({@code kind}: sse, ws). */
  public void streamDropped(String kind) {
    streamDroppedCounter(kind).increment();
  }

  private Counter streamDroppedCounter(String kind) {
    return tagged("downcheck.streams.dropped", "kind", kind,
        "Live streams cut off: the client did not keep up.");
  }

  /** A connection refused: its client ({@code reason} client) or every client ({@code reason} total) held the most. */
  public void connectionRefused(String reason) {
    connectionRefusedCounter(reason).increment();
  }

  private Counter connectionRefusedCounter(String reason) {
    return tagged("downcheck.connections.refused", "reason", reason,
        "HTTP connections refused past --max-connections-per-client (client) or --max-connections (total).");
  }

  /** A live stream refused: its client ({@code reason} client) or every client ({@code reason} total) held the most. */
  public void streamRefused(String reason) {
    streamRefusedCounter(reason).increment();
  }

  private Counter streamRefusedCounter(String reason) {
    return tagged("downcheck.streams.refused", "reason", reason,
        "Live streams refused past --max-streams-per-client (client) or --max-streams (total).");
  }

  /** The HTTP connections and live streams held open, the bytes waiting to go out to the streams, their peak. */
  public void held(Supplier<Number> connections, Supplier<Number> streams, Supplier<Number> queuedBytes,
      Supplier<Number> peakQueuedBytes) {
    Gauge.builder("downcheck.connections.open", connections)
        .description("HTTP connections open (--max-connections bounds them).").register(registry);
    Gauge.builder("downcheck.streams.open", streams)
        .description("Live streams open (--max-streams bounds them).").register(registry);
    Gauge.builder("downcheck.streams.queued.bytes", queuedBytes)
        .description("Bytes written to live streams and not yet taken by the network: at most 64 KiB and one event per stream.")
        .register(registry);
    Gauge.builder("downcheck.streams.queued.bytes.peak", peakQueuedBytes)
        .description("The most bytes one live stream had waiting to go out, since the start (its cut-off bounds it).")
        .register(registry);
  }

  /** A check this coordinator made final, by its verdict. */
  public void verdictFinal(Verdict verdict) {
    finals.get(verdict).increment();
  }

  /** 1 while Kafka answers this coordinator's pings, else 0 (as {@code /ready} says), read when scraped. */
  public void kafkaUp(BooleanSupplier up) {
    Gauge.builder("downcheck.kafka.up", () -> up.getAsBoolean() ? 1 : 0)
        .description("1 while Kafka answers this coordinator's pings (every 500 ms), else 0.").register(registry);
  }

  /** The live set, read when scraped. */
  public void liveSet(Supplier<Number> agents, Supplier<Number> regions) {
    Gauge.builder("downcheck.live.agents", agents)
        .description("Agents heard from within three heartbeat intervals.").register(registry);
    Gauge.builder("downcheck.live.regions", regions)
        .description("Regions with at least one live agent.").register(registry);
  }
}
