package downcheck.coordinator.verdict;

import downcheck.model.check.CheckIds;
import downcheck.model.verdict.VerdictEvent;
import downcheck.runtime.KafkaSettings;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.runtime.RecordDecoder;
import downcheck.runtime.TopicPartitions;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every coordinator reads all of {@code downcheck.verdicts} from its end (no group: each one
 * serves its own live streams), and hands each event to the local event bus: address
 * {@link #STREAM} for everything, {@link #checkAddress(String)} for one check.
 *
 * <p>A record larger than {@code --max-verdict-chars}, or whose origin header names no coordinator
 * of this cluster ({@link KnownCoordinators}), is dropped and counted before anything reads it: what
 * goes on every live stream is what a coordinator decided (docs/security.md).
 */
public final class VerdictFeed {
  public static final String STREAM = "downcheck.stream";
  private static final Logger LOG = LoggerFactory.getLogger(VerdictFeed.class);

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final RecordDecoder decoder;
  private final KafkaConsumer<String, String> consumer;
  private final Telemetry.Binding clientMetrics;
  private final Consumer<String> closed;
  private final String origin;
  private final KnownCoordinators coordinators;
  private final int maxChars;
  private final CoordinatorMetrics metrics;
  private boolean loggedOversized;
  private boolean loggedUnknown;

  /**
   * @param closed   told the id of each check a final verdict is read of (by its record's header)
   * @param maxChars the largest record taken
   */
  public VerdictFeed(Vertx vertx, KafkaSettings kafka, String coordinatorId, CoordinatorMetrics metrics,
      Telemetry telemetry, Consumer<String> closed, KnownCoordinators coordinators, int maxChars) {
    this.closed = closed;
    this.coordinators = coordinators;
    this.maxChars = maxChars;
    this.metrics = metrics;
    this.origin = coordinators.newOrigin();
    this.vertx = vertx;
    this.kafka = kafka;
    this.decoder = new RecordDecoder(metrics::malformed);
    this.consumer = KafkaConsumer.create(vertx, kafka.consumer("downcheck-coordinator-" + coordinatorId + "-verdicts",
        null, "latest"));
    this.clientMetrics = telemetry.bind(consumer);
  }

  /**
   * Names this feed on the verdicts this coordinator publishes: it hands them to its streams
   * itself ({@link #deliver}) and skips them when they come back from Kafka. Names this
   * coordinator's Hazelcast member, and is unique per feed, so two coordinators given one id by
   * mistake still see each other's verdicts.
   */
  public String origin() {
    return origin;
  }

  /** A verdict this coordinator publishes, to its own streams at once. */
  public void deliver(String checkId, String json) {
    publish(checkId, json);
  }

  public static String checkAddress(String checkId) {
    return "downcheck.check." + checkId;
  }

  /** Assigned to every partition at its end; completes once the positions are resolved. */
  public Future<Void> start() {
    String topic = kafka.topics().verdicts();
    consumer.exceptionHandler(err -> LOG.warn("verdict consumer: {}", err.getMessage()));
    consumer.handler(this::onRecord);
    return TopicPartitions.all(vertx, consumer, topic).compose(parts -> {
      return consumer.assign(parts)
          .compose(v -> consumer.seekToEnd(parts))
          .compose(v -> {
            List<Future<Long>> positions = new ArrayList<>();
            parts.forEach(p -> positions.add(consumer.position(p)));
            return Future.all(positions).mapEmpty();
          });
    });
  }

  public Future<Void> stop() {
    clientMetrics.close();
    return consumer.close();
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    if (!trusted(record)) {
      return;
    }
    // a verdict is keyed by its check's id: routed by it, not decoded only to be routed (the
    // streams decode what they send on, and skip what does not parse); a record that does not
    // look like a verdict is decoded here, so it is counted as malformed and skipped
    if (!CheckIds.hasPrefix(record.key()) || record.value() == null
        || !record.value().startsWith("{")) {
      VerdictEvent event = decoder.decode(record, VerdictEvent.class);
      if (event != null) {
        publish(event.check().id(), record.value());
      }
      return;
    }
    boolean ours = false;
    for (KafkaHeader header : record.headers()) {
      if (VerdictPublisher.FINAL_HEADER.equals(header.key())) {
        closed.accept(record.key());
      } else if (VerdictPublisher.ORIGIN_HEADER.equals(header.key())) {
        ours = origin.equals(header.value().toString());
      }
    }
    if (!ours) {
      publish(record.key(), record.value());
    }
  }

  /** Within the size cap, and from a coordinator of this cluster; else dropped, counted, and logged once. */
  private boolean trusted(KafkaConsumerRecord<String, String> record) {
    if (record.value() != null && record.value().length() > maxChars) {
      metrics.malformed(record.topic()); // as every reader counts an oversized record
      metrics.verdictDropped("oversized");
      if (!loggedOversized) {
        loggedOversized = true;
        LOG.warn("dropping verdict record at {}@{}: {} chars, at most {} (--max-verdict-chars); logged once, counted in "
            + "downcheck_verdicts_dropped_total", record.partition(), record.offset(), record.value().length(), maxChars);
      }
      return false;
    }
    String from = null;
    for (KafkaHeader header : record.headers()) {
      if (VerdictPublisher.ORIGIN_HEADER.equals(header.key())) {
        from = header.value().toString();
      }
    }
    if (!coordinators.known(from)) {
      metrics.verdictDropped("unknown-origin");
      if (!loggedUnknown) {
        loggedUnknown = true;
        LOG.warn("dropping verdict record at {}@{} of check {}: from no coordinator of this cluster; logged once, "
            + "counted in downcheck_verdicts_dropped_total", record.partition(), record.offset(), record.key());
      }
      return false;
    }
    return true;
  }

  private void publish(String checkId, String json) {
    vertx.eventBus().publish(checkAddress(checkId), json);
    vertx.eventBus().publish(STREAM, json);
  }
}
