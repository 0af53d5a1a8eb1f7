package downcheck.coordinator.registry;

import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.Heartbeat;
import downcheck.model.agent.Places;
import downcheck.model.agent.RegionName;
import downcheck.runtime.KafkaSettings;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.runtime.RecordDecoder;
import downcheck.runtime.TopicPartitions;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live agents, from the compacted {@code downcheck.agents} topic read from its start.
 * An agent not heard from for three of its intervals is gone; a tombstone removes it from the live
 * set at once, while its last heartbeat still vouches for the results it sent before leaving.
 *
 * <p>Whoever can write the topic could make up agents and regions: the registry keeps at most
 * {@code --max-agents} agents and {@code --max-regions} regions, and drops (and counts) a heartbeat
 * that is oversized, keyed by another agent's id, names an invalid region or claims to live for
 * more than {@link #MAX_INTERVAL} ahead (docs/security.md). A heartbeat whose place breaks the
 * rules of {@link Places} is kept without it: the agent is live, it only says nothing of where.
 */
public final class AgentRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);
  /** A heartbeat is a few hundred characters; the canaries' reason is its only free text. */
  static final int MAX_HEARTBEAT_CHARS = 16 * 1024;
  static final int MAX_AGENT_ID_CHARS = 253;
  /** An interval, and a clock ahead of this coordinator's, longer than this is no agent's. */
  static final Duration MAX_INTERVAL = Duration.ofHours(1);
  /** Unknown agents whose dropped results were logged; past it they are only counted. */
  static final int MAX_REPORTED = 1024;

  /** An agent's latest heartbeat, and whether it said goodbye since. */
  private record Known(Heartbeat heartbeat, boolean left) {}

  private final Map<String, Known> latest = new ConcurrentHashMap<>();
  /** Agents kept per region: touched on the registry's own loop only. */
  private final Map<String, Integer> regions = new HashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  /** Partition → the end offset it had at start, until a record at or past it is read; null before start. */
  private volatile Map<Integer, Long> unread;
  private final TrustSettings trust;
  private Instant lastEviction;
  private final CoordinatorMetrics metrics;
  private final Vertx vertx;
  private final KafkaConsumer<String, String> consumer;
  private final Telemetry.Binding clientMetrics;
  private final KafkaSettings kafka;
  private final Clock clock;
  private final RecordDecoder decoder;
  private volatile Consumer<Heartbeat> impairedTurns = h -> { };

  /** One region as {@code GET /api/v1/regions} shows it. */
  public record RegionSummary(String region, int agents, int healthy, int impaired, Instant lastSeen) {}

  public AgentRegistry(Vertx vertx, KafkaSettings kafka, String coordinatorId, Clock clock, CoordinatorMetrics metrics,
      Telemetry telemetry) {
    this(vertx, kafka, coordinatorId, clock, metrics, telemetry, TrustSettings.DEFAULT);
  }

  public AgentRegistry(Vertx vertx, KafkaSettings kafka, String coordinatorId, Clock clock, CoordinatorMetrics metrics,
      Telemetry telemetry, TrustSettings trust) {
    this.trust = trust;
    this.metrics = metrics;
    this.kafka = kafka;
    this.clock = clock;
    this.decoder = new RecordDecoder(metrics::malformed);
    this.vertx = vertx;
    this.consumer = KafkaConsumer.create(vertx, kafka.consumer("downcheck-coordinator-" + coordinatorId + "-agents",
        null, "earliest"));
    this.clientMetrics = telemetry.bind(consumer);
  }

  public Future<Void> start() {
    String topic = kafka.topics().agents();
    consumer.exceptionHandler(err -> LOG.warn("agent consumer: {}", err.getMessage()));
    consumer.handler(this::onRecord);
    return TopicPartitions.all(vertx, consumer, topic)
        .compose(parts -> endsAtStart(parts)
            .compose(v -> consumer.assign(parts).compose(x -> consumer.seekToBeginning(parts))));
  }

  /** What the topic held at start, so that {@link #caughtUp()} can tell when it has all been read. */
  private Future<Void> endsAtStart(Set<io.vertx.kafka.client.common.TopicPartition> parts) {
    return consumer.beginningOffsets(parts).compose(begins -> consumer.endOffsets(parts).map(ends -> {
      Map<Integer, Long> left = new ConcurrentHashMap<>();
      ends.forEach((tp, end) -> {
        if (end > begins.getOrDefault(tp, 0L)) {
          left.put(tp.getPartition(), end);
        }
      });
      unread = left;
      return null;
    }));
  }

  /**
   * True once every heartbeat the topic held when the registry started has been read: before, an
   * agent's latest heartbeat here may be an old one, and the agent look silent when it is not.
   */
  public boolean caughtUp() {
    Map<Integer, Long> left = unread;
    return left != null && left.isEmpty();
  }

  /**
   * Told each heartbeat that turns a live agent IMPAIRED, as it is read once the topic has been
   * read up to date (a replayed turn would be told again by every restart): the agents' trust records.
   */
  public void onImpairedTurn(Consumer<Heartbeat> listener) {
    this.impairedTurns = listener;
  }

  public Future<Void> stop() {
    clientMetrics.close();
    return consumer.close();
  }

  /** Live agents, by agent id. */
  public List<Heartbeat> liveAgents() {
    Instant now = clock.instant();
    List<Heartbeat> out = new ArrayList<>();
    for (Known k : latest.values()) {
      if (!k.left() && k.heartbeat().aliveAt(now)) {
        out.add(k.heartbeat());
      }
    }
    out.sort(Comparator.comparing(Heartbeat::agentId));
    return out;
  }

  /** The latest heartbeat of every agent kept, live, silent or gone, in no order. */
  public List<Heartbeat> knownAgents() {
    List<Heartbeat> out = new ArrayList<>(latest.size());
    latest.values().forEach(k -> out.add(k.heartbeat()));
    return out;
  }

  /** Regions with at least one live agent, sorted by name. */
  public List<RegionSummary> liveRegions() {
    Map<String, List<Heartbeat>> byRegion = new TreeMap<>();
    for (Heartbeat h : liveAgents()) {
      byRegion.computeIfAbsent(h.region(), k -> new ArrayList<>()).add(h);
    }
    List<RegionSummary> out = new ArrayList<>();
    byRegion.forEach((region, hs) -> {
      int impaired = (int) hs.stream().filter(h -> h.status() == AgentStatus.IMPAIRED).count();
      Instant lastSeen = hs.stream().map(Heartbeat::sentAt).max(Comparator.naturalOrder()).orElse(null);
      out.add(new RegionSummary(region, hs.size(), hs.size() - impaired, impaired, lastSeen));
    });
    return out;
  }

  public List<String> liveRegionNames() {
    return liveRegions().stream().map(RegionSummary::region).toList();
  }

  /**
   * True when {@code agentId}'s latest heartbeat names {@code region} and is less than three of its
   * intervals old: only then does a result of it count. Read from any thread.
   */
  public boolean vouchesFor(String agentId, String region) {
    Known k = agentId == null ? null : latest.get(agentId);
    return k != null && k.heartbeat().region().equals(region) && k.heartbeat().aliveAt(clock.instant());
  }

  /** True the first time an agent's result is dropped (bounded): it is logged once, then only counted. */
  public boolean firstDropOf(String agentId) {
    return reported.size() < MAX_REPORTED && reported.add(String.valueOf(agentId));
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    Map<Integer, Long> left = unread;
    if (left != null) {
      left.computeIfPresent(record.partition(), (p, end) -> record.offset() + 1 >= end ? null : end);
    }
    if (record.value() == null) {
      Known k = record.key() == null ? null : latest.get(record.key());
      if (k != null && !k.left()) {
        latest.put(record.key(), new Known(k.heartbeat(), true));
        LOG.info("agent {} left", record.key());
      }
      return;
    }
    if (record.value().length() > MAX_HEARTBEAT_CHARS) {
      metrics.malformed(record.topic()); // as every reader counts an oversized record
      dropped("invalid", "heartbeat of {} chars at {}@{}, at most {}", record.value().length(), record.partition(),
          record.offset(), MAX_HEARTBEAT_CHARS);
      return;
    }
    Heartbeat h = decoder.decode(record, Heartbeat.class);
    if (h == null) {
      metrics.heartbeatDropped("invalid");
      return;
    }
    Instant now = clock.instant();
    if (!h.agentId().equals(record.key()) || h.agentId().length() > MAX_AGENT_ID_CHARS || !RegionName.isValid(h.region())
        || h.intervalMs() > MAX_INTERVAL.toMillis() || h.sentAt().isAfter(now.plus(MAX_INTERVAL))) {
      dropped("invalid", "heartbeat at {}@{} keyed {}: not an agent's (id, region, interval or time)",
          record.partition(), record.offset(), record.key());
      return;
    }
    h = withValidPlace(h, record);
    Known before = latest.get(h.agentId());
    if (before == null && latest.size() >= trust.maxAgents() && !evictSilent(now)) {
      dropped("agents", "heartbeat of agent {} dropped: {} agents known (--max-agents)", h.agentId(), latest.size());
      return;
    }
    boolean newRegion = !regions.containsKey(h.region());
    if (newRegion && regions.size() >= trust.maxRegions() && !(evictSilent(now) && regions.size() < trust.maxRegions())) {
      dropped("regions", "heartbeat of agent {} dropped: region {} is one more than {} (--max-regions)", h.agentId(),
          h.region(), trust.maxRegions());
      return;
    }
    put(h.agentId(), new Known(h, false));
    if (before != null && !before.left() && before.heartbeat().status() != AgentStatus.IMPAIRED
        && h.status() == AgentStatus.IMPAIRED && caughtUp()) {
      impairedTurns.accept(h);
    }
    if ((before == null || before.left() || !before.heartbeat().aliveAt(now)) && h.aliveAt(now)) {
      LOG.info("agent {} in region {} is live ({})", h.agentId(), h.region(), h.status());
    }
  }

  /** The heartbeat, without its place when the place breaks a rule (logged once). */
  private Heartbeat withValidPlace(Heartbeat h, KafkaConsumerRecord<String, String> record) {
    String why = h.location() == null ? null : Places.problem(h.location());
    if (why == null) {
      return h;
    }
    if (firstDropOf("location:" + h.agentId())) {
      LOG.warn("heartbeat of agent {} at {}@{}: its place is left out ({}), logged once per agent", h.agentId(),
          record.partition(), record.offset(), why);
    }
    return new Heartbeat(h.schema(), h.agentId(), h.region(), h.version(), h.status(), h.canaries(), h.reason(),
        h.sentAt(), h.intervalMs(), null);
  }

  private void put(String agentId, Known k) {
    Known before = latest.put(agentId, k);
    if (before != null) {
      regions.computeIfPresent(before.heartbeat().region(), (r, n) -> n == 1 ? null : n - 1);
    }
    regions.merge(k.heartbeat().region(), 1, Integer::sum);
  }

  /** Forgets the agents silent for three intervals; true when any was. At most once a second: a flood at the cap scans no more. */
  private boolean evictSilent(Instant now) {
    if (lastEviction != null && now.isBefore(lastEviction.plusSeconds(1)) && !now.isBefore(lastEviction)) {
      return false;
    }
    lastEviction = now;
    boolean any = false;
    for (var it = latest.entrySet().iterator(); it.hasNext(); ) {
      Known k = it.next().getValue();
      if (!k.heartbeat().aliveAt(now)) {
        it.remove();
        regions.computeIfPresent(k.heartbeat().region(), (r, n) -> n == 1 ? null : n - 1);
        any = true;
      }
    }
    return any;
  }

  /** Counted always; logged while the registry has not logged too many drops already. */
  private void dropped(String reason, String format, Object... args) {
    metrics.heartbeatDropped(reason);
    if (firstDropOf("heartbeat:" + reason)) {
      LOG.warn(format + " (logged once per reason, counted in downcheck_heartbeats_dropped_total)", args);
    }
  }
}
