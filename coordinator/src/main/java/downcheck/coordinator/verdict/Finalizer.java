package downcheck.coordinator.verdict;

import downcheck.coordinator.store.CheckStore;
import downcheck.model.verdict.LocalIssue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a check at its deadline with whatever came in: regions that never answered become
 * MISSING, or IMPAIRED when their agents' heartbeats say they are, and the verdict is frozen. A check already final by then is left alone. The
 * coordinator that took a check sets a timer for it; a sweep of the deadlines this member
 * owns closes the checks whose coordinator went away.
 */
public final class Finalizer {
  private static final Logger LOG = LoggerFactory.getLogger(Finalizer.class);

  private final Vertx vertx;
  private final CheckStore store;
  private final VerdictOutlet outlet;
  private final Clock clock;
  private final Supplier<List<LocalIssue>> knownImpaired;
  /** The deadline timers of the checks started here whose final was not seen yet: check id to timer id. */
  private final ConcurrentHashMap<String, Long> timers = new ConcurrentHashMap<>();

  public Finalizer(Vertx vertx, CheckStore store, VerdictOutlet outlet, Clock clock) {
    this(vertx, store, outlet, clock, List::of);
  }

  /**
   * @param knownImpaired the agents the network knows to be impaired from their heartbeats, asked
   *                      at each deadline ({@link downcheck.model.agent.KnownImpaired})
   */
  public Finalizer(Vertx vertx, CheckStore store, VerdictOutlet outlet, Clock clock,
      Supplier<List<LocalIssue>> knownImpaired) {
    this.vertx = vertx;
    this.store = store;
    this.outlet = outlet;
    this.clock = clock;
    this.knownImpaired = knownImpaired;
  }

  static final long SWEEP_MS = 2_000;

  public void start() {
    vertx.setPeriodic(SWEEP_MS, t -> store.dueOnThisMember(clock.instant().minusMillis(SWEEP_MS))
        .onSuccess(ids -> ids.forEach(this::finalizeNow))
        .onFailure(err -> LOG.warn("deadline sweep failed: {}", err.toString())));
  }

  /**
   * Closes the check at its deadline, unless its final is seen before ({@link #seenFinal}). Called
   * on an event loop; the timer fires on the same loop, so never before it is recorded here.
   */
  public void schedule(String checkId, Instant deadline) {
    long delay = Math.max(1, Duration.between(clock.instant(), deadline).toMillis() + 20);
    Long before = timers.put(checkId, vertx.setTimer(delay, t -> {
      timers.remove(checkId, t);
      finalizeNow(checkId);
    }));
    if (before != null) {
      vertx.cancelTimer(before); // the deadline moved (the check waits for its traces)
    }
  }

  /**
   * The check is final (made so here, or read from another coordinator's verdict): its deadline
   * timer has nothing left to do, so it is cancelled rather than asking Hazelcast twice at the
   * deadline (close, then forget the deadline) for nothing. The one that closed it forgets its
   * deadline; should that fail, the sweep of the deadlines still closes (a no-op) and forgets it.
   */
  public void seenFinal(String checkId) {
    Long timer = timers.remove(checkId);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  private void finalizeNow(String checkId) {
    Instant now = clock.instant();
    store.finalizeDue(checkId, now, knownImpaired.get())
        .compose(rec -> {
          if (rec == null) {
            return closedOrMoved(checkId, now);
          }
          LOG.debug("check {} closed at its deadline", checkId);
          return outlet.emit(rec, null).compose(v -> store.forget(checkId));
        })
        .onFailure(err -> LOG.warn("check {} not finalised: {}", checkId, err.toString()));
  }

  /**
   * Nothing to close: closed already (its deadline is forgotten once it has passed), or still open
   * because a second opinion or a path comparison moved its deadline (docs/consensus.md): then it
   * is closed at the moved one, here.
   */
  private Future<Void> closedOrMoved(String checkId, Instant now) {
    return store.get(checkId).compose(rec -> {
      if (rec != null && !rec.isFinal() && rec.deadline().isAfter(clock.instant())) {
        schedule(checkId, rec.deadline());
        return Future.succeededFuture();
      }
      return store.forgetIfDue(checkId, now);
    });
  }
}
