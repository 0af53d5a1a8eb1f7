package downcheck.coordinator.dispatch;

import downcheck.model.check.CheckRequest;
import downcheck.model.check.Target;
import downcheck.model.wire.Codec;
import downcheck.runtime.DirectPartition;
import downcheck.runtime.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks out to the agents: to each region's group on {@code downcheck.checks}
 * ({@link #dispatch}), or to chosen agents on {@code downcheck.direct} ({@link #dispatchTo}).
 * The producer is its HTTP event loop's own, closed by its owner.
 */
public final class CheckDispatcher {
  /** A healthy broker acknowledges a check in milliseconds; the client hears 503 within a second when Kafka is gone. */
  static final long DISPATCH_TIMEOUT_MS = 800;
  /** The most agents one check is sent to directly: 5 per region of 64 regions. */
  public static final int MAX_DIRECT_AGENTS = 320;
  /** How long the direct topic's partition count is trusted before it is asked again. */
  static final long PARTITIONS_TTL_MS = 60_000;

  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final String directTopic;
  private Future<Integer> directPartitions;
  private long directPartitionsAt;

  public CheckDispatcher(KafkaProducer<String, String> producer, KafkaSettings kafka) {
    this.producer = producer;
    this.topic = kafka.topics().checks();
    this.directTopic = kafka.topics().direct();
  }

  /**
   * To one agent of each region's group. Key = normalised target, so the checks of one target
   * stay in order on one partition. Bounded by {@link #DISPATCH_TIMEOUT_MS}: with the broker gone
   * the producer would wait for its delivery timeout, and the client with it.
   */
  public Future<Void> dispatch(CheckRequest check, Target target) {
    return bounded(producer.send(KafkaProducerRecord.create(topic, target.normalized(), Codec.toJson(check))));
  }

  /**
   * To the agents named, and only them, whatever their regions: one record per agent on the
   * direct topic, key = agent id, in the partition that agent reads ({@link DirectPartition}),
   * {@code CheckRequest.agents} = that agent alone and everything else as in {@code check} (same
   * check id, so the answers fold into that check; the agent obeys its deadline and its own
   * admission, as for any check). The caller chooses the agents (e.g. {@code AgentPicker}) and
   * makes the check's state expect them ({@code CheckRecord.expectedAgents}), so a result of
   * anyone else is not folded into it.
   *
   * <p>Succeeds once Kafka took every record, within {@link #DISPATCH_TIMEOUT_MS} (plus the
   * partition count's look-up, cached); fails with {@link KafkaUnavailableException} otherwise.
   * An agent that took its record before another send failed runs it anyway: its result is
   * folded or ignored as for any check (at least once, idempotent on check and agent).
   *
   * @param check    the check as stored; its own {@code agents} is ignored
   * @param agentIds distinct agent ids, 1..{@link #MAX_DIRECT_AGENTS}
   */
  public Future<Void> dispatchTo(CheckRequest check, List<String> agentIds) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(agentIds));
    if (ids.isEmpty() || ids.size() > MAX_DIRECT_AGENTS) {
      throw new IllegalArgumentException("agents: " + ids.size() + " to address directly, 1.." + MAX_DIRECT_AGENTS);
    }
    return bounded(directPartitions().compose(partitions -> {
      List<Future<?>> sent = new ArrayList<>(ids.size());
      for (String id : ids) {
        CheckRequest mine = new CheckRequest(check.schema(), check.checkId(), check.target(), check.kind(),
            check.regions(), check.timeoutMs(), check.expect(), check.createdAt(), check.deadline(), check.options(),
            List.of(id));
        sent.add(producer.send(KafkaProducerRecord.create(directTopic, id, Codec.toJson(mine),
            check.createdAt().toEpochMilli(), DirectPartition.of(id, partitions))));
      }
      return Future.all(sent);
    }));
  }

  /** The direct topic's partitions, asked of the producer's metadata once a minute at most. */
  private Future<Integer> directPartitions() {
    long now = System.currentTimeMillis();
    if (directPartitions == null || directPartitions.failed() || now - directPartitionsAt > PARTITIONS_TTL_MS) {
      directPartitionsAt = now;
      directPartitions = producer.partitionsFor(directTopic).compose(parts -> parts.isEmpty()
          ? Future.failedFuture("topic " + directTopic + " has no partitions") : Future.succeededFuture(parts.size()));
    }
    return directPartitions;
  }

  private static Future<Void> bounded(Future<?> send) {
    return send.timeout(DISPATCH_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(new KafkaUnavailableException(
            "Kafka did not take the check within " + DISPATCH_TIMEOUT_MS + " ms: " + err.getMessage(), err)));
  }
}
