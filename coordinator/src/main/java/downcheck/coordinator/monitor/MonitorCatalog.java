package downcheck.coordinator.monitor;

import downcheck.model.monitor.MonitorMessage;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.RecordDecoder;
import downcheck.runtime.TopicPartitions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitors, from the compacted topic {@code downcheck.monitors} read from its start by
 * every coordinator (no group): the definitions, the source of truth, and each monitor's last
 * published state, from which a full restart rebuilds. Writes go to the topic; this
 * coordinator's own view is updated at once, the others' when they read it.
 */
final class MonitorCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorCatalog.class);
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  /** Local event bus address of one monitor's state changes (the status JSON). */
  static String address(String id) {
    return "downcheck.monitor." + id;
  }

  private final Vertx vertx;
  private final String topic;
  private final KafkaConsumer<String, String> consumer;
  private final KafkaProducer<String, String> producer;
  private final RecordDecoder decoder;
  private final Map<String, MonitorSpec> specs = new ConcurrentHashMap<>();
  private final Map<String, MonitorStatus> states = new ConcurrentHashMap<>();
  private final Map<Integer, Long> handled = new ConcurrentHashMap<>();
  private final Consumer<String> onAdded;
  private final Consumer<String> onRemoved;

  MonitorCatalog(Vertx vertx, KafkaSettings kafka, String coordinatorId, KafkaProducer<String, String> producer,
      Consumer<String> countMalformed, Consumer<String> onAdded, Consumer<String> onRemoved) {
    this.vertx = vertx;
    this.topic = kafka.topics().monitors();
    this.producer = producer;
    this.decoder = new RecordDecoder(countMalformed);
    this.onAdded = onAdded;
    this.onRemoved = onRemoved;
    this.consumer = KafkaConsumer.create(vertx, kafka.consumer("downcheck-coordinator-" + coordinatorId + "-monitors",
        null, "earliest"));
  }

  /** Reads the topic from its start; completes once everything on it at start has been read. */
  Future<Void> start() {
    consumer.exceptionHandler(err -> LOG.warn("monitor consumer: {}", err.getMessage()));
    consumer.handler(this::onRecord);
    return TopicPartitions.all(vertx, consumer, topic)
        .compose(parts -> consumer.assign(parts).compose(v -> consumer.seekToBeginning(parts)).compose(v -> endOffsets(parts)))
        .compose(this::caughtUp);
  }

  Future<Void> stop() {
    return consumer.close();
  }

  Collection<MonitorSpec> all() {
    return List.copyOf(specs.values());
  }

  MonitorSpec spec(String id) {
    return specs.get(id);
  }

  /** The last state published for the monitor, or null. */
  MonitorStatus lastState(String id) {
    return states.get(id);
  }

  /** The monitors, watches included, that carry one of the owner tags. */
  long ownedBy(String owner, String alsoOwner) {
    return specs.values().stream().filter(s -> s.owner() != null && (s.owner().equals(owner) || s.owner().equals(alsoOwner)))
        .count();
  }

  Future<Void> put(MonitorSpec spec) {
    return send(spec.id(), Codec.toJson(MonitorMessage.definition(Schema.VERSION, spec))).onSuccess(v -> remember(spec));
  }

  Future<Void> putState(String id, MonitorStatus status) {
    return send(MonitorMessage.stateKey(id), Codec.toJson(MonitorMessage.state(Schema.VERSION, id, status)))
        .onSuccess(v -> rememberState(id, status));
  }

  /** Tombstones on both keys. */
  Future<Void> delete(String id) {
    return Future.all(send(id, null), send(MonitorMessage.stateKey(id), null)).<Void>mapEmpty().onSuccess(v -> forget(id));
  }

  private Future<Void> send(String key, String value) {
    return producer.send(KafkaProducerRecord.create(topic, key, value)).mapEmpty();
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    handled.merge(record.partition(), record.offset() + 1, Math::max);
    String key = record.key();
    if (key == null) {
      return;
    }
    if (record.value() == null) {
      if (key.endsWith(MonitorMessage.STATE_SUFFIX)) {
        states.remove(key.substring(0, key.length() - MonitorMessage.STATE_SUFFIX.length()));
      } else {
        forget(key);
      }
      return;
    }
    MonitorMessage m = decoder.decode(record, MonitorMessage.class);
    if (m == null) {
      return;
    }
    if (m.monitor() != null) {
      remember(m.monitor());
    } else if (m.state() != null && m.id() != null) {
      // kept even before its definition is read: the two keys may sit on different partitions
      rememberState(m.id(), m.state());
    }
  }

  private void remember(MonitorSpec spec) {
    if (specs.put(spec.id(), spec) == null) {
      onAdded.accept(spec.id());
    }
  }

  /** Keeps the state; when its confirmed state moved, tells this coordinator's live streams. */
  private void rememberState(String id, MonitorStatus status) {
    MonitorStatus before = states.put(id, status);
    if (before == null || before.state() != status.state() || !before.confirmed().since().equals(status.confirmed().since())) {
      vertx.eventBus().publish(address(id), Codec.toJson(status));
    }
  }

  private void forget(String id) {
    states.remove(id);
    if (specs.remove(id) != null) {
      onRemoved.accept(id);
    }
  }

  private Future<Map<Integer, Long>> endOffsets(Set<TopicPartition> parts) {
    Map<Integer, Long> ends = new ConcurrentHashMap<>();
    List<Future<Long>> all = new ArrayList<>();
    for (TopicPartition p : parts) {
      all.add(consumer.endOffsets(p).onSuccess(end -> ends.put(p.getPartition(), end)));
    }
    return Future.all(all).map(ends);
  }

  /**
   * Done when every record on the topic at start was handed over: either seen, or, where
   * compaction left a gap at the end, the position past it for a few polls (records fetched
   * are handed over right after the position moves).
   */
  private Future<Void> caughtUp(Map<Integer, Long> ends) {
    Promise<Void> done = Promise.promise();
    long startedAt = System.nanoTime();
    int[] settled = {0};
    vertx.setPeriodic(0, 50, timer -> {
      List<Future<Boolean>> at = new ArrayList<>();
      ends.forEach((p, end) -> at.add(end == 0 || handled.getOrDefault(p, 0L) >= end ? Future.succeededFuture(true)
          : consumer.position(new TopicPartition(topic, p)).map(pos -> pos >= end ? null : false)));
      Future.all(at).onComplete(ar -> {
        boolean seen = ar.succeeded() && at.stream().allMatch(f -> Boolean.TRUE.equals(f.result()));
        boolean passed = ar.succeeded() && at.stream().allMatch(f -> f.result() == null || f.result());
        settled[0] = passed && !seen ? settled[0] + 1 : 0;
        boolean late = System.nanoTime() - startedAt > CATCH_UP.toNanos();
        if ((seen || settled[0] >= 4 || late) && !done.future().isComplete()) {
          vertx.cancelTimer(timer);
          LOG.info("monitors read: {} defined{}", specs.size(), late ? " (not caught up within " + CATCH_UP + ")" : "");
          done.complete();
        }
      });
    });
    return done.future();
  }
}
