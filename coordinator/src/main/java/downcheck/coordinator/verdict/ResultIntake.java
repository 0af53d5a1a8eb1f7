package downcheck.coordinator.verdict;

import downcheck.coordinator.agenttrust.AgentTrust;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.opinion.SecondOpinionDesk;
import downcheck.coordinator.path.PathTracer;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.Decoded;
import downcheck.model.result.ProbeResult;
import downcheck.model.wire.Codec;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final AgentTrust trust;
  /** Looks at a check for a second opinion once all its regions answered; null: none is asked. */
  private final SecondOpinionDesk opinions;
  private final PathTracer paths;
  /** A result to fold, with its JSON as it came from Kafka. */
  private record Taken(ProbeResult result, String json) {}

  /**
   * Per check with a fold under way: the results of it that came meanwhile (often none), folded
   * together once that fold is done. Bounded by {@link #MAX_FOLDING} in all.
   */
  private final Map<String, List<Taken>> gathered = new HashMap<>();
  private int waiting;
  /** Results being folded; past {@link #MAX_FOLDING} the consumer pauses, so a backlog waits in Kafka, not in memory. */
  private int folding;
  private boolean paused;
  private final Promise<Void> assigned = Promise.promise();

  public ResultIntake(Vertx vertx, KafkaSettings kafka, String coordinatorId, CheckStore store,
      VerdictOutlet outlet, CoordinatorMetrics metrics, Telemetry telemetry, AgentRegistry registry,
      Duration unknownAgentWait, AgentTrust trust, PathTracer paths) {
    this(vertx, kafka, coordinatorId, store, outlet, metrics, telemetry, registry, unknownAgentWait, trust, paths, null);
  }

  /**
   * @param paths    compares a failing region's path with a healthy one's (docs/consensus.md)
   * @param opinions asks for second opinions before a check is final (docs/consensus.md); null: never
   */
  public ResultIntake(Vertx vertx, KafkaSettings kafka, String coordinatorId, CheckStore store,
      VerdictOutlet outlet, CoordinatorMetrics metrics, Telemetry telemetry, AgentRegistry registry,
      Duration unknownAgentWait, AgentTrust trust, PathTracer paths, SecondOpinionDesk opinions) {
    this.trust = trust;
    this.paths = paths;
    this.opinions = opinions;
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
    Decoded.remember(record.value(), result);
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
    if (++folding >= MAX_FOLDING && !paused) {
      paused = true;
      consumer.pause();
    }
    List<Taken> meanwhile = gathered.get(id);
    if (meanwhile != null) {
      meanwhile.add(new Taken(result, json)); // folded with the others that come meanwhile, once this fold is done
      return;
    }
    gathered.put(id, new ArrayList<>());
    foldInTurn(id, List.of(new Taken(result, json)));
  }

  /**
   * Folds {@code batch}, then what came for the same check meanwhile, together, until nothing
   * more came: one check's results are folded one fold after the other, in the order they came.
   */
  private void foldInTurn(String id, List<Taken> batch) {
    Future.succeededFuture().compose(v -> fold(batch)).onComplete(ar -> {
      folding -= batch.size();
      if (folding <= MAX_FOLDING / 2 && paused) {
        paused = false;
        consumer.resume();
      }
      List<Taken> next = gathered.remove(id);
      if (next != null && !next.isEmpty()) {
        gathered.put(id, new ArrayList<>());
        foldInTurn(id, next);
      }
    });
  }

  /**
   * Folds results of one check that came together, in one operation on the check, each marked
   * as its agent's trust record says: quarantined (shown, not counted) when the agent is
   * quarantined as it comes in; the mark is kept with the result, so a check's verdict never
   * changes afterwards. A check whose regions all answered is then looked at for a second
   * opinion. Results that come together get one verdict between them: the check as it stands
   * after all of them, its trigger the last of them it took. A trace a check asked for its path
   * comparison is folded into that check, not shown as one of its results.
   */
  private Future<Void> fold(List<Taken> batch) {
    if (PathTracer.parentOf(batch.get(0).result().checkId()).isPresent()) {
      Future<Void> traces = Future.succeededFuture();
      for (Taken t : batch) {
        traces = traces.eventually(() -> foldTrace(t.result(), t.json()));
      }
      return traces;
    }
    List<Future<ProbeResult>> marking = new ArrayList<>(batch.size());
    batch.forEach(t -> marking.add(trust.mark(t.result())));
    return Future.all(marking).compose(marked -> {
      List<ProbeResult> results = new ArrayList<>(batch.size());
      List<String> jsons = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        ProbeResult result = marking.get(i).result();
        results.add(result);
        jsons.add(result == batch.get(i).result() ? batch.get(i).json() : Codec.toJson(result));
      }
      return store.addResults(results, jsons).recover(err -> oneByOne(results, jsons, err))
          .compose(updated -> updated == null ? ignored(results) : reviewed(updated).compose(r -> publish(r, taken(results, r))));
    }).onFailure(err -> LOG.warn("result of {} from {} not folded: {}", batch.get(0).result().checkId(),
        batch.stream().map(t -> t.result().agentId()).toList(), err.toString()));
  }

  /**
   * The results added one at a time, when adding them together failed: a member of an older
   * version (a rolling upgrade) knows no batch and refuses it. Succeeds with the record after
   * the last one that changed it, or null when none did.
   */
  private Future<CheckRecord> oneByOne(List<ProbeResult> results, List<String> jsons, Throwable err) {
    if (results.size() == 1) {
      return Future.failedFuture(err);
    }
    LOG.debug("results of {} not added together ({}): one at a time", results.get(0).checkId(), err.toString());
    Future<CheckRecord> last = Future.succeededFuture();
    for (int i = 0; i < results.size(); i++) {
      ProbeResult r = results.get(i);
      String json = jsons.get(i);
      last = last.compose(before -> store.addResult(r, json).map(after -> after != null ? after : before));
    }
    return last;
  }

  /** The last of {@code results} the check took, its verdict's trigger; those it did not are counted as ignored. */
  private ProbeResult taken(List<ProbeResult> results, CheckRecord updated) {
    ProbeResult trigger = null;
    Set<String> agents = new HashSet<>();
    for (ProbeResult r : results) {
      boolean in = agents.add(r.agentId()) && updated.results().stream().anyMatch(x -> x.agentId().equals(r.agentId()));
      if (in) {
        trigger = r;
      } else {
        metrics.resultIgnored();
      }
    }
    return trigger != null ? trigger : results.get(results.size() - 1);
  }

  private Future<Void> foldTrace(ProbeResult received, String receivedJson) {
    String asker = PathTracer.parentOf(received.checkId()).orElseThrow();
    LOG.info("trace {} from {} in {}: {} {}, {} hops ({})", received.checkId(), received.agentId(), received.region(),
        received.outcome(), received.errorClass() == null ? "" : received.errorClass(),
        received.trace() == null ? 0 : received.trace().hops().size(),
        received.message() == null ? "" : received.message());
    return store.addTrace(asker, received, receivedJson)
        .compose(updated -> updated == null ? ignored(List.of(received)) : publish(updated, null))
        .onFailure(err -> LOG.warn("trace {} from {} not folded: {}", received.checkId(), received.agentId(),
            err.toString()));
  }

  private Future<Void> ignored(List<ProbeResult> results) {
    results.forEach(this::ignored);
    return Future.succeededFuture();
  }

  private void ignored(ProbeResult result) {
    metrics.resultIgnored();
    // a result after its check closed at the deadline without it is late: the agent loses trust
    store.get(result.checkId()).compose(check -> trust.resultIgnored(check, result))
        .onFailure(err -> LOG.debug("lateness of {} from {} not judged: {}", result.checkId(), result.agentId(),
            err.toString()));
    LOG.debug("result of {} from {} changed nothing (unknown, final or duplicate)", result.checkId(), result.agentId());
  }

  /** The check after its look for a second opinion, when it waits for one; else as it is. */
  private Future<CheckRecord> reviewed(CheckRecord updated) {
    return opinions == null ? Future.succeededFuture(updated) : opinions.review(updated);
  }

  private Future<Void> publish(CheckRecord updated, ProbeResult trigger) {
    if (updated.awaitsPathDecision()) {
      return paths.decide(updated, trigger);
    }
    if (updated.isFinal()) {
      if (opinions != null) {
        opinions.settled(updated);
      }
      // closed by this result: no deadline left to keep (the Finalizer's timer is cancelled as
      // the final is seen); a delete that fails leaves it to the sweep, which finds it closed
      store.forget(updated.id()).onFailure(err -> LOG.debug("deadline of {} not forgotten: {}", updated.id(), err.toString()));
    }
    return outlet.emit(updated, trigger);
  }
}
