package downcheck.coordinator.verdict;

import downcheck.coordinator.store.CheckRecord;
import downcheck.coordinator.store.HistoryStore;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Schema;
import downcheck.coordinator.CoordinatorMetrics;
import io.vertx.core.Future;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a recomputed check goes: out on {@code downcheck.verdicts} (and so to every live
 * stream), and, once final, into the host's history and the metrics.
 */
public final class VerdictOutlet {
  private static final Logger LOG = LoggerFactory.getLogger(VerdictOutlet.class);

  private final VerdictPublisher publisher;
  private final HistoryStore history;
  private final Clock clock;
  private final CoordinatorMetrics metrics;

  public VerdictOutlet(VerdictPublisher publisher, HistoryStore history, Clock clock, CoordinatorMetrics metrics) {
    this.publisher = publisher;
    this.history = history;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Emits the check as it now stands; {@code trigger} is the result that changed it, or null. */
  public Future<Void> emit(CheckRecord record, ProbeResult trigger) {
    CheckView view = record.view(clock.instant());
    Future<Void> sent = publisher.publish(new VerdictEvent(Schema.VERSION, view, trigger));
    if (!view.isFinal()) {
      return sent;
    }
    metrics.verdictFinal(view.verdict());
    LOG.info("check {} {} final: {} ({} of {} regions answered)", view.id(), view.target(), view.verdict(),
        view.quorum().reported(), view.quorum().expected());
    // recorded whether or not Kafka takes the event: the history is the coordinators' own, and a
    // broker outage must not leave a final check out of it
    Future<Void> recorded = history.append(record.displayTarget(), view);
    return Future.all(sent, recorded).mapEmpty();
  }
}
