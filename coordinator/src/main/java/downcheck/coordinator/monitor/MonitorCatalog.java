package downcheck.coordinator.monitor;

import downcheck.coordinator.secrets.SecretsKey;
import downcheck.coordinator.secrets.WrongSecretsKeyException;
import downcheck.model.monitor.Maintenance;
import downcheck.model.monitor.MaintenanceWindow;
import downcheck.model.monitor.MonitorMessage;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.monitor.StatusPage;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.RecordDecoder;
import downcheck.runtime.TopicPartitions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitors, from the compacted topic {@code downcheck.monitors} read from its start by
 * every coordinator (no group): the definitions, the source of truth, and each monitor's last
 * published state, from which a full restart rebuilds. Writes go to the topic; this
 * coordinator's own view is updated at once, the others' when they read it.
 *
 * <p>Nothing on the topic is trusted that a coordinator did not write (docs/monitors.md): the
 * channels' URLs and secrets are sealed ({@link SealedChannels}), and each record a coordinator
 * writes carries the header {@value #TAG_HEADER}, an HMAC of its key and value under the secrets
 * key. A state record counts only with a valid tag, and a definition with sealed channels too
 * (a plain one, written before sealing, is read as it is); any other is dropped and counted, so a
 * Kafka writer can neither make the coordinators deliver an outbox they never decided nor point a
 * monitor's sealed channels at another target.
 *
 * <p>The status pages live on the same topic under {@value StatusPage#KEY_PREFIX}{slug}, tagged
 * alike: a page no coordinator wrote could make monitors public, so an untagged one is dropped.
 */
final class MonitorCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorCatalog.class);
  private static final Duration CATCH_UP = Duration.ofSeconds(60);
  static final String TAG_HEADER = "downcheck-tag";
  static final String STATE_PURPOSE = "monitor-state";
  static final String DEFINITION_PURPOSE = "monitor-definition";
  static final String PAGE_PURPOSE = "status-page";
  static final String MAINTENANCE_PURPOSE = "monitor-maintenance";

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
  /** The status pages by slug (bounded per owner by the API). */
  private final Map<String, StatusPage> pages = new ConcurrentHashMap<>();
  /** Maintenances of sets of monitors, by id (bounded as monitors are: per owner, by the API). */
  private final Map<String, Maintenance> maintenances = new ConcurrentHashMap<>();
  /** Per monitor, the maintenances that list it: each tick looks up its own, not all of them. */
  private final Map<String, Set<String>> maintenancesOf = new ConcurrentHashMap<>();
  private final Map<Integer, Long> handled = new ConcurrentHashMap<>();
  private final Consumer<String> onAdded;
  private final Consumer<String> onRemoved;
  private final SecretsKey secrets;
  private final SealedChannels sealed;
  private final Consumer<String> countRejected;
  private final AtomicBoolean untaggedLogged = new AtomicBoolean();
  /** Sealed definitions this coordinator's key opened: when none did and some did not, the key is another. */
  private final Set<String> opened = ConcurrentHashMap.newKeySet();
  /** Per partition, the offset past the last state record counted as rejected. */
  private final Map<Integer, Long> rejectedUpTo = new ConcurrentHashMap<>();
  /** Definitions that did not open with this coordinator's key: it does not serve them (bounded by the topic's monitors). */
  private final Set<String> unopened = ConcurrentHashMap.newKeySet();
  private volatile boolean caughtUp;

  MonitorCatalog(Vertx vertx, KafkaSettings kafka, String coordinatorId, KafkaProducer<String, String> producer,
      Consumer<String> countMalformed, Consumer<String> onAdded, Consumer<String> onRemoved, SecretsKey secrets,
      Consumer<String> countRejected) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.sealed = new SealedChannels(secrets);
    this.countRejected = countRejected;
    this.topic = kafka.topics().monitors();
    this.producer = producer;
    this.decoder = new RecordDecoder(countMalformed);
    this.onAdded = onAdded;
    this.onRemoved = onRemoved;
    this.consumer = KafkaConsumer.create(vertx, kafka.consumer("downcheck-coordinator-" + coordinatorId + "-monitors",
        null, "earliest"));
  }

  /**
   * Reads the topic from its start; completes once everything on it at start has been read, and
   * fails with {@link WrongSecretsKeyException} when this coordinator's key opened none of the
   * sealed definitions on it (another key, or none given: a random one). Some that do not open among others that do are
   * forged (any Kafka writer can write garbage): skipped, never a reason not to start.
   */
  Future<Void> start() {
    consumer.exceptionHandler(err -> LOG.warn("monitor consumer: {}", err.getMessage()));
    consumer.handler(this::onRecord);
    return TopicPartitions.all(vertx, consumer, topic)
        .compose(parts -> consumer.assign(parts).compose(v -> consumer.seekToBeginning(parts)).compose(v -> endOffsets(parts)))
        .compose(this::caughtUp)
        .onSuccess(v -> caughtUp = true)
        .compose(v -> {
          if (unopened.isEmpty()) {
            return Future.succeededFuture();
          }
          String which = unopened.size() + " monitor(s) on " + topic + " (" + unopened.stream().sorted().limit(3).toList()
              + (unopened.size() > 3 ? ", …" : "") + ")";
          if (opened.isEmpty()) {
            // a coordinator that cannot open the channels would run monitors that never notify: no start
            return Future.failedFuture(new WrongSecretsKeyException(which + " were sealed with "
                + (secrets.isEphemeral() ? "a secrets key this coordinator lacks (it was started without --secrets-key-file)"
                    : "another secrets key") + ": give this coordinator the same --secrets-key-file as the coordinators that"
                + " wrote them (docs/operations.md)"));
          }
          LOG.error("{} do not open with this coordinator's secrets key while {} others do: forged or from another"
              + " cluster, not served here", which, opened.size());
          return Future.succeededFuture();
        });
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

  Collection<StatusPage> pages() {
    return List.copyOf(pages.values());
  }

  /** The status page of the slug, or null. */
  StatusPage page(String slug) {
    return pages.get(slug);
  }

  Future<Void> putPage(StatusPage page) {
    return sendTagged(StatusPage.key(page.slug()), Codec.toJson(page), PAGE_PURPOSE).onSuccess(v -> pages.put(page.slug(),
        page));
  }

  Future<Void> deletePage(String slug) {
    return send(StatusPage.key(slug), null).onSuccess(v -> pages.remove(slug));
  }

  Collection<Maintenance> maintenances() {
    return List.copyOf(maintenances.values());
  }

  Maintenance maintenance(String id) {
    return maintenances.get(id);
  }

  /** The monitor's maintenance windows: its own, and those of every maintenance that lists it. */
  List<MaintenanceWindow> windows(MonitorSpec spec) {
    List<MaintenanceWindow> all = new ArrayList<>(spec.maintenance());
    for (String id : maintenancesOf.getOrDefault(spec.id(), Set.of())) {
      Maintenance m = maintenances.get(id);
      if (m != null && m.monitors().contains(spec.id())) {
        all.addAll(m.windows());
      }
    }
    return all;
  }

  private void keepMaintenance(Maintenance m) {
    Maintenance before = maintenances.put(m.id(), m);
    if (before != null) {
      unindex(before);
    }
    m.monitors().forEach(id -> maintenancesOf.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(m.id()));
  }

  private void dropMaintenance(String id) {
    Maintenance before = maintenances.remove(id);
    if (before != null) {
      unindex(before);
    }
  }

  private void unindex(Maintenance m) {
    m.monitors().forEach(id -> maintenancesOf.computeIfPresent(id, (k, ids) -> {
      ids.remove(m.id());
      return ids.isEmpty() ? null : ids;
    }));
  }

  Future<Void> putMaintenance(Maintenance m) {
    return sendTagged(m.id(), Codec.toJson(MonitorMessage.maintenance(Schema.VERSION, m)), MAINTENANCE_PURPOSE)
        .onSuccess(v -> keepMaintenance(m));
  }

  Future<Void> deleteMaintenance(String id) {
    return send(id, null).onSuccess(v -> dropMaintenance(id));
  }

  /** The monitors, watches included, that carry one of the owner tags. */
  long ownedBy(String owner, String alsoOwner) {
    return specs.values().stream().filter(s -> s.owner() != null && (s.owner().equals(owner) || s.owner().equals(alsoOwner)))
        .count();
  }

  Future<Void> put(MonitorSpec spec) {
    return sendTagged(spec.id(), Codec.toJson(MonitorMessage.definition(Schema.VERSION, sealed.seal(spec))),
        DEFINITION_PURPOSE).onSuccess(v -> remember(spec));
  }

  Future<Void> putState(String id, MonitorStatus status) {
    return sendTagged(MonitorMessage.stateKey(id), Codec.toJson(MonitorMessage.state(Schema.VERSION, id, status)),
        STATE_PURPOSE).onSuccess(v -> rememberState(id, status));
  }

  /** A record with its tag: the HMAC of its key and value, exactly as sent, for {@code purpose}. */
  private Future<Void> sendTagged(String key, String value, String purpose) {
    KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(topic, key, value);
    record.addHeader(TAG_HEADER, Buffer.buffer(secrets.mac(purpose, tagged(key, value))));
    return producer.send(record).mapEmpty();
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
    if (key.startsWith(StatusPage.KEY_PREFIX)) {
      onPage(record);
      return;
    }
    if (record.value() == null) {
      if (key.startsWith(MonitorMessage.MAINTENANCE_PREFIX)) {
        dropMaintenance(key);
      } else if (key.endsWith(MonitorMessage.STATE_SUFFIX)) {
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
    if (m.maintenance() != null) {
      // a forged maintenance would silence someone's monitors: only a coordinator's own counts
      if (!key.equals(m.maintenance().id()) || !tagged(record, MAINTENANCE_PURPOSE)) {
        rejected(record, "maintenance");
      } else {
        keepMaintenance(m.maintenance());
      }
      return;
    }
    if (m.monitor() != null) {
      MonitorSpec spec;
      boolean isSealed = SealedChannels.anySealed(m.monitor());
      try {
        spec = sealed.open(m.monitor());
        if (isSealed && (!key.equals(spec.id()) || !tagged(record, DEFINITION_PURPOSE))) {
          // sealed values this key opens, in a record no coordinator wrote: copied into a forged definition
          rejected(record, "definition");
          return;
        }
      } catch (IllegalArgumentException e) {
        // at start the refusal names them in one line; once running, each is logged when it comes
        if (unopened.add(m.monitor().id()) && caughtUp) {
          LOG.error("monitor {} on {} was sealed with another secrets key: not served here", m.monitor().id(), topic);
        }
        return;
      }
      unopened.remove(spec.id());
      if (isSealed) {
        opened.add(spec.id());
      }
      remember(spec);
    } else if (m.state() != null && m.id() != null) {
      if (!key.equals(MonitorMessage.stateKey(m.id())) || !tagged(record, STATE_PURPOSE)) {
        rejected(record, "state");
        return;
      }
      // kept even before its definition is read: the two keys may sit on different partitions
      rememberState(m.id(), m.state());
    }
  }

  /** A status page, kept when a coordinator of this cluster wrote it; a tombstone removes it. */
  private void onPage(KafkaConsumerRecord<String, String> record) {
    String slug = record.key().substring(StatusPage.KEY_PREFIX.length());
    if (record.value() == null) {
      pages.remove(slug);
      return;
    }
    if (!tagged(record, PAGE_PURPOSE)) {
      rejected(record, "status-page");
      return;
    }
    StatusPage page = decoder.decode(record, StatusPage.class);
    if (page != null && page.slug().equals(slug)) {
      pages.put(slug, page);
    }
  }

  private static byte[] tagged(String key, String value) {
    return (key + "\n" + value).getBytes(StandardCharsets.UTF_8);
  }

  /** True when the record carries a valid tag for {@code purpose}: a coordinator with this key wrote it. */
  private boolean tagged(KafkaConsumerRecord<String, String> record, String purpose) {
    for (KafkaHeader h : record.headers()) {
      if (TAG_HEADER.equals(h.key())) {
        return secrets.verify(purpose, tagged(record.key(), record.value()), h.value().getBytes());
      }
    }
    return false;
  }

  /**
   * A record no coordinator of this cluster wrote (forged, written under another key, or a state
   * written before tags): dropped, counted by {@code kind}, the first one logged.
   */
  private void rejected(KafkaConsumerRecord<String, String> record, String kind) {
    String key = record.key();
    // the seek to the topic's start may hand a record over twice: each is counted once
    if (record.offset() >= rejectedUpTo.getOrDefault(record.partition(), 0L)) {
      rejectedUpTo.put(record.partition(), record.offset() + 1);
      countRejected.accept(kind);
    }
    if (untaggedLogged.compareAndSet(false, true)) {
      LOG.warn("dropped a monitor {} record ({}) on {} without a valid tag of the secrets key: not written by a"
          + " coordinator of this cluster; further ones are only counted (downcheck_monitor_records_rejected_total)",
          kind, key.length() > 80 ? key.substring(0, 80) : key, topic);
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
    if (before == null || before.state() != status.state() || !before.confirmed().since().equals(status.confirmed().since())
        || !java.util.Objects.equals(before.maintenance(), status.maintenance())) {
      vertx.eventBus().publish(address(id), Codec.toJson(status));
    }
  }

  private void forget(String id) {
    unopened.remove(id);
    opened.remove(id);
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
