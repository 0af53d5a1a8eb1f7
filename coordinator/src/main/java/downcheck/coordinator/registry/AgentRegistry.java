package downcheck.coordinator.registry;

import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.Heartbeat;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live agents, from the compacted {@code downcheck.agents} topic read from its start.
 * An agent not heard from for three of its intervals is gone; a tombstone removes it at once.
 */
public final class AgentRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

  private final Map<String, Heartbeat> latest = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final KafkaConsumer<String, String> consumer;
  private final Telemetry.Binding clientMetrics;
  private final KafkaSettings kafka;
  private final Clock clock;
  private final RecordDecoder decoder;

  /** One region as {@code GET /api/v1/regions} shows it. */
  public record RegionSummary(String region, int agents, int healthy, int impaired, Instant lastSeen) {}

  public AgentRegistry(Vertx vertx, KafkaSettings kafka, String coordinatorId, Clock clock, CoordinatorMetrics metrics,
      Telemetry telemetry) {
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
        .compose(parts -> consumer.assign(parts).compose(v -> consumer.seekToBeginning(parts)));
  }

  public Future<Void> stop() {
    clientMetrics.close();
    return consumer.close();
  }

  /** Live agents, by agent id. */
  public List<Heartbeat> liveAgents() {
    Instant now = clock.instant();
    List<Heartbeat> out = new ArrayList<>();
    for (Heartbeat h : latest.values()) {
      if (h.aliveAt(now)) {
        out.add(h);
      }
    }
    out.sort(Comparator.comparing(Heartbeat::agentId));
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

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    if (record.value() == null) {
      if (record.key() != null && latest.remove(record.key()) != null) {
        LOG.info("agent {} left", record.key());
      }
      return;
    }
    Heartbeat h = decoder.decode(record, Heartbeat.class);
    if (h == null) {
      return;
    }
    Heartbeat before = latest.put(h.agentId(), h);
    if ((before == null || !before.aliveAt(clock.instant())) && h.aliveAt(clock.instant())) {
      LOG.info("agent {} in region {} is live ({})", h.agentId(), h.region(), h.status());
    }
  }
}
