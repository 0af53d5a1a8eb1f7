package downcheck.coordinator.verdict;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.HistoryStore;
import downcheck.coordinator.store.LastingChecks;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.Expect;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.MalformedMessageException;
import downcheck.model.wire.Schema;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.RecordDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a full restart (every coordinator gone, so Hazelcast's memory too), rebuilds the recent
 * state from {@code downcheck.verdicts}: the final checks of the last check TTL answer
 * {@code GET /api/v1/checks/{id}} again, each host's history is filled back in, and the final
 * checks of the links' retention are kept for their links again ({@link LastingChecks}).
 *
 * <p>Only the first coordinator of a fresh cluster replays: it claims the cluster's replay marker
 * atomically, so a coordinator joining a live cluster leaves the shared state as it is. The
 * replay is bounded (records, time) and runs on a worker thread; malformed records are counted
 * and skipped. Checks in flight at the restart and coalesced answers (they publish no verdicts
 * of their own) are not rebuilt.
 */
public final class VerdictReplay {
  /** Holds the marker of the coordinator that restored this cluster's state. */
  public static final String MARKER_MAP = "downcheck-replay";
  private static final Logger LOG = LoggerFactory.getLogger(VerdictReplay.class);
  private static final Duration POLL = Duration.ofMillis(200);
  /** In-flight writes to Hazelcast before the replay waits for them. */
  private static final int BATCH = 256;

  /** How much a replay may read, and for how long. */
  public record Limits(int maxRecords, Duration timeLimit) {
    /** The newest 100 000 verdict events, 30 s at most: a restart never hangs on history. */
    public static final Limits DEFAULT = new Limits(100_000, Duration.ofSeconds(30));
  }

  /** What a replay did, as its log line says. */
  public record Report(boolean replayed, int records, int restored, int links, int hosts, int malformed, boolean cut,
      long millis) {}

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final String coordinatorId;
  private final HazelcastInstance hazelcast;
  private final CheckStore store;
  private final HistoryStore history;
  private final LastingChecks lasting;
  private final Duration checkTtl;
  private final Duration retention;
  private final Clock clock;
  private final CoordinatorMetrics metrics;
  private final Limits limits;
  private volatile boolean done;

  public VerdictReplay(Vertx vertx, KafkaSettings kafka, String coordinatorId, HazelcastInstance hazelcast,
      CheckStore store, HistoryStore history, LastingChecks lasting, Duration checkTtl, Duration retention, Clock clock,
      CoordinatorMetrics metrics, Limits limits) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.coordinatorId = coordinatorId;
    this.hazelcast = hazelcast;
    this.store = store;
    this.history = history;
    this.lasting = lasting;
    this.checkTtl = checkTtl;
    this.retention = retention;
    this.clock = clock;
    this.metrics = metrics;
    this.limits = limits;
  }

  /** True once the state is restored, or there was nothing to restore here. */
  public boolean done() {
    return done;
  }

  /** Replays when this coordinator is the first of a fresh cluster; never fails the start. */
  public Future<Report> run() {
    return vertx.executeBlocking(this::replayIfFirst, false)
        .onSuccess(this::log)
        .recover(err -> {
          LOG.warn("state not rebuilt from {}: {}", kafka.topics().verdicts(), err.toString());
          return Future.succeededFuture(new Report(false, 0, 0, 0, 0, 0, false, 0));
        })
        .onComplete(ar -> done = true);
  }

  private Report replayIfFirst() {
    String holder = hazelcast.<String, String>getMap(MARKER_MAP).putIfAbsent("restored-by", coordinatorId);
    if (holder != null) {
      return new Report(false, 0, 0, 0, 0, 0, false, 0); // the cluster lives on: its state is the truth
    }
    return replay();
  }

  private Report replay() {
    long started = System.nanoTime();
    Instant now = clock.instant();
    Instant giveUp = now.plus(limits.timeLimit());
    RecentFinals finals = new RecentFinals(now, checkTtl, HistoryStore.MAX_PER_HOST);
    String topic = kafka.topics().verdicts();
    int records = 0;
    int links = 0;
    int malformed = 0;
    boolean cut = false;
    List<Future<Void>> writes = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(new HashMap<>(
        kafka.consumer("downcheck-coordinator-" + coordinatorId + "-replay", null, "earliest")))) {
      Map<TopicPartition, Long> ends = position(consumer, topic, now.minus(retention.compareTo(checkTtl) > 0 ? retention : checkTtl));
      while (!reached(consumer, ends)) {
        if (clock.instant().isAfter(giveUp)) {
          cut = true;
          break;
        }
        for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
          if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
            continue; // written since the replay began: the live feed has it
          }
          records++;
          CheckView view = decode(r);
          if (view == null) {
            malformed++;
            continue;
          }
          if (view.isFinal()) {
            links++; // a repeat (delivery is at least once) writes the same entry again
            writes.add(lasting.keep(view));
          }
          if (finals.accept(view)) {
            writes.add(store.restore(record(view), finals.remainingTtl(view)));
          }
          if (writes.size() >= BATCH) {
            awaitAll(writes);
          }
        }
      }
    }
    awaitAll(writes);
    Map<String, List<CheckView>> histories = finals.histories();
    histories.forEach((host, views) -> writes.add(history.restore(host, views)));
    awaitAll(writes);
    return new Report(true, records, finals.checks(), links, histories.size(), malformed, cut,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /**
   * Assigns every partition and seeks to the first record of {@code since}, or to the newest
   * records the cap allows; returns the end offsets as they were, where the replay stops.
   */
  private Map<TopicPartition, Long> position(KafkaConsumer<String, String> consumer, String topic, Instant since) {
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, limits.timeLimit())) {
      parts.add(new TopicPartition(topic, p.partition()));
    }
    consumer.assign(parts);
    Map<TopicPartition, Long> ends = consumer.endOffsets(parts, limits.timeLimit());
    Map<TopicPartition, Long> times = new HashMap<>();
    parts.forEach(p -> times.put(p, since.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(times, limits.timeLimit());
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(parts, limits.timeLimit());
    long perPartition = Math.max(1, limits.maxRecords() / Math.max(1, parts.size()));
    for (TopicPartition p : parts) {
      long end = ends.get(p);
      long start = from.get(p) == null ? end : from.get(p).offset();
      consumer.seek(p, Math.max(Math.max(start, end - perPartition), begins.get(p)));
    }
    return ends;
  }

  private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private CheckView decode(ConsumerRecord<String, String> r) {
    if (r.value() != null && r.value().length() > RecordDecoder.MAX_CHARS) {
      metrics.malformed(r.topic());
      return null;
    }
    try {
      return Codec.fromJson(r.value(), VerdictEvent.class).check();
    } catch (MalformedMessageException e) {
      metrics.malformed(r.topic());
      LOG.debug("replay skips malformed record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return null;
    }
  }

  /** A final check as the store keeps one: what was asked, and its frozen verdict. */
  static CheckRecord record(CheckView view) {
    List<String> regions = view.regions().stream().map(RegionReport::region).toList();
    int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
        Duration.between(view.createdAt(), view.deadline()).toMillis()));
    CheckRequest request = new CheckRequest(Schema.VERSION, view.id(), view.target(), view.kind(), regions, timeoutMs,
        Expect.DEFAULT, view.createdAt(), view.deadline());
    return CheckRecord.published(request, RecentFinals.hostOf(view), view);
  }

  private static void awaitAll(List<Future<Void>> writes) {
    Future.all(writes).toCompletionStage().toCompletableFuture().join();
    writes.clear();
  }

  private void log(Report r) {
    if (r.replayed()) {
      LOG.info("state rebuilt from {}: {} checks, {} links and {} host histories from {} records ({} malformed) in {} ms{}",
          kafka.topics().verdicts(), r.restored(), r.links(), r.hosts(), r.records(), r.malformed(), r.millis(),
          r.cut() ? ", cut short at " + limits.timeLimit().toSeconds() + " s" : "");
    } else {
      LOG.info("state kept by the live Hazelcast cluster: no replay of {}", kafka.topics().verdicts());
    }
  }
}
