package downcheck.coordinator.verdict;

import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.store.HistoryStore;
import downcheck.coordinator.store.LastingChecks;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import io.vertx.core.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a recomputed check goes: out on {@code downcheck.verdicts} (and so to every live
 * stream), and, once final, into the host's history, the lasting links and the metrics.
 */
public final class VerdictOutlet {
  private static final Logger LOG = LoggerFactory.getLogger(VerdictOutlet.class);

  private final VerdictPublisher publisher;
  private final HistoryStore history;
  private final LastingChecks lasting;
  private final CoordinatorMetrics metrics;
  private final Consumer<String> closed;
  private final Consumer<CheckView> finals;

  public VerdictOutlet(VerdictPublisher publisher, HistoryStore history, LastingChecks lasting,
      CoordinatorMetrics metrics) {
    this(publisher, history, lasting, metrics, id -> { });
  }

  /** @param closed told the id of each check made final here */
  public VerdictOutlet(VerdictPublisher publisher, HistoryStore history, LastingChecks lasting,
      CoordinatorMetrics metrics, Consumer<String> closed) {
    this(publisher, history, lasting, metrics, closed, view -> { });
  }

  /** @param finals told each check made final here, as judged */
  public VerdictOutlet(VerdictPublisher publisher, HistoryStore history, LastingChecks lasting,
      CoordinatorMetrics metrics, Consumer<String> closed, Consumer<CheckView> finals) {
    this.finals = finals;
    this.publisher = publisher;
    this.history = history;
    this.lasting = lasting;
    this.metrics = metrics;
    this.closed = closed;
  }

  /**
   * Emits the check as it now stands; {@code trigger} is the result that changed it, or null.
   * Completes once the verdict is handed to the producer (and, for a final one, recorded in the
   * history), not when Kafka acknowledges it: the producer keeps the verdicts of one check in
   * order (one key, one partition, sends issued in order), so the next result of the check can
   * be folded at once instead of a broker round trip later. A send Kafka refuses is logged and
   * counted; nothing could resend it better than the producer's own retries did.
   */
  public Future<Void> emit(CheckRecord record, ProbeResult trigger) {
    CheckView view = Judge.view(record);
    String json = Codec.toJson(view);
    publisher.publish(new VerdictEvent(Schema.VERSION, view, trigger), json).onFailure(err -> {
      metrics.verdictUnpublished();
      LOG.warn("verdict of check {} not published: {}", view.id(), err.toString());
    });
    if (!view.isFinal()) {
      return Future.succeededFuture();
    }
    closed.accept(view.id());
    finals.accept(view);
    metrics.verdictFinal(view.verdict());
    LOG.info("check {} {} final: {} ({} of {} regions answered)", view.id(), view.target(), view.verdict(),
        view.quorum().reported(), view.quorum().expected());
    // recorded whether or not Kafka takes the event: the history and the links are the
    // coordinators' own, and a broker outage must not leave a final check out of them
    return Future.all(history.append(record.displayTarget(), view.id(), json),
        lasting.keep(view.id(), view.createdAt(), json)).mapEmpty();
  }
}
