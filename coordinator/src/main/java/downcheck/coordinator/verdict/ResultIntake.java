package downcheck.coordinator.verdict;

import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.path.PathTracer;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.store.CheckStore;
import downcheck.model.result.ProbeResult;
import downcheck.runtime.KafkaSettings;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.runtime.RecordDecoder;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code downcheck.results} in the coordinators' shared group, folds each result into
 * its check, and publishes the recomputed verdict. Results of one check are handled one after
 * the other, so its verdicts go out in the order they were computed.
 *
 * <p>A result counts only when the registry vouches for its agent in its region (a live heartbeat
 * names both): anyone else who can write the topic could otherwise close checks with made-up
 * answers. The heartbeats are read by another consumer, so a result of an agent not seen yet waits
 * for it, up to {@code --unknown-agent-wait-ms} and at most {@link #MAX_WAITING} at once, before it
 * is dropped and counted; it waits outside its check's queue, so it holds up no honest result.
 */
public final class ResultIntake {
  private static final Logger LOG = LoggerFactory.getLogger(ResultIntake.class);
  static final int MAX_FOLDING = 2048;
  /** Results of agents not seen yet that wait for a heartbeat; more are dropped at once. */
  static final int MAX_WAITING = 256;
  private static final long RECHECK_MS = 50;

  private final KafkaConsumer<String, String> consumer;
  private final Telemetry.Binding clientMetrics;
  private final KafkaSettings kafka;
  private final CheckStore store;
  private final VerdictOutlet outlet;
  private final CoordinatorMetrics metrics;
  private final RecordDecoder decoder;
  private final Vertx vertx;
  private final AgentRegistry registry;
  private final Duration unknownAgentWait;
  private final PathTracer paths;
  private final Map<String, Future<Void>> tails = new HashMap<>();
  private int waiting;
  /** Results being folded; past {@link #MAX_FOLDING} the consumer pauses, so a backlog waits in Kafka, not in memory. */
  private int folding;
  private boolean paused;
  private final Promise<Void> assigned = Promise.promise();

  public ResultIntake(Vertx vertx, KafkaSettings kafka, String coordinatorId, CheckStore store,
      VerdictOutlet outlet, CoordinatorMetrics metrics, Telemetry telemetry, AgentRegistry registry,
      Duration unknownAgentWait, PathTracer paths) {
    this.paths = paths;
    this.vertx = vertx;
    this.registry = registry;
    this.unknownAgentWait = unknownAgentWait;
    this.kafka = kafka;
    this.store = store;
    this.outlet = outlet;
    this.metrics = metrics;
    this.decoder = new RecordDecoder(metrics::malformed);
    this.consumer = KafkaConsumer.create(vertx, kafka.consumer("downcheck-coordinator-" + coordinatorId + "-results",
        kafka.topics().prefix().replace('.', '-') + "coordinators", "latest"));
    this.clientMetrics = telemetry.bind(consumer);
  }

  /** Subscribes; completes once the group has given this consumer its partitions (none is a share too). */
  public Future<Void> start() {
    return subscribe().compose(v -> assigned.future());
  }

  /**
   * Subscribes and completes at once: for a consumer joining a group another member of this
   * coordinator already reads, whose positions the group keeps, so nothing is missed meanwhile.
   */
  public Future<Void> subscribe() {
    consumer.partitionsAssignedHandler(parts -> assigned.tryComplete());
    consumer.exceptionHandler(err -> LOG.warn("result consumer: {}", err.getMessage()));
    consumer.handler(this::onRecord);
    return consumer.subscribe(kafka.topics().results());
  }

  public Future<Void> stop() {
    clientMetrics.close();
    return consumer.close();
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    ProbeResult result = decoder.decode(record, ProbeResult.class);
    if (result == null) {
      return;
    }
    metrics.resultReceived();
    if (registry.vouchesFor(result.agentId(), result.region())) {
      take(result, record.value());
    } else if (waiting >= MAX_WAITING) {
      drop(result, "too-many-waiting");
    } else {
      waiting++;
      awaitHeartbeat(result, record.value(), System.nanoTime() + unknownAgentWait.toNanos());
    }
  }

  /** Looks again every {@link #RECHECK_MS} until the registry vouches for the agent or the wait is over. */
  private void awaitHeartbeat(ProbeResult result, String json, long giveUpNanos) {
    vertx.setTimer(RECHECK_MS, t -> {
      if (registry.vouchesFor(result.agentId(), result.region())) {
        waiting--;
        take(result, json);
      } else if (System.nanoTime() - giveUpNanos >= 0) {
        waiting--;
        drop(result, "unknown-agent");
      } else {
        awaitHeartbeat(result, json, giveUpNanos);
      }
    });
  }

  private void drop(ProbeResult result, String reason) {
    metrics.resultDropped(reason);
    if (registry.firstDropOf(result.agentId())) {
      LOG.warn("dropping results of agent {} in region {} (first: check {}): no live heartbeat names them; "
          + "counted in downcheck_results_dropped_total, logged once per agent", result.agentId(), result.region(),
          result.checkId());
    }
  }

  private void take(ProbeResult result, String json) {
    String id = result.checkId();
    Future<Void> next = tails.getOrDefault(id, Future.succeededFuture()).eventually(() -> fold(result, json));
    tails.put(id, next);
    if (++folding >= MAX_FOLDING && !paused) {
      paused = true;
      consumer.pause();
    }
    next.onComplete(ar -> {
      tails.remove(id, next);
      if (--folding <= MAX_FOLDING / 2 && paused) {
        paused = false;
        consumer.resume();
      }
    });
  }

  private Future<Void> fold(ProbeResult result, String json) {
    // a trace a check asked for its path comparison is folded into that check, not shown as one of its results
    Optional<String> asker = PathTracer.parentOf(result.checkId());
    Future<CheckRecord> folded = asker.isPresent() ? store.addTrace(asker.get(), result, json)
        : store.addResult(result, json);
    if (asker.isPresent()) {
      LOG.info("trace {} from {} in {}: {} {}, {} hops ({})", result.checkId(), result.agentId(), result.region(),
          result.outcome(), result.errorClass() == null ? "" : result.errorClass(),
          result.trace() == null ? 0 : result.trace().hops().size(), result.message() == null ? "" : result.message());
    }
    return folded
        .compose(updated -> updated == null ? ignored(result) : publish(updated, asker.isPresent() ? null : result))
        .onFailure(err -> LOG.warn("result of {} from {} not folded: {}", result.checkId(), result.agentId(), err.toString()));
  }

  private Future<Void> ignored(ProbeResult result) {
    metrics.resultIgnored();
    LOG.debug("result of {} from {} changed nothing (unknown, final or duplicate)", result.checkId(), result.agentId());
    return Future.succeededFuture();
  }

  private Future<Void> publish(CheckRecord updated, ProbeResult trigger) {
    if (updated.awaitsPathDecision()) {
      return paths.decide(updated, trigger);
    }
    if (updated.isFinal()) {
      // closed by this result: no deadline left to keep (the Finalizer's timer is cancelled as
      // the final is seen); a delete that fails leaves it to the sweep, which finds it closed
      store.forget(updated.id()).onFailure(err -> LOG.debug("deadline of {} not forgotten: {}", updated.id(), err.toString()));
    }
    return outlet.emit(updated, trigger);
  }
}
