package downcheck.coordinator.check;

import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.coordinator.dispatch.CheckDispatcher;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.LastingChecks;
import downcheck.coordinator.store.RecentChecks;
import downcheck.coordinator.store.TargetRate;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.model.check.CheckIds;
import downcheck.model.check.CheckRequest;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Schema;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a question with a check: shares the answer of a check of the same probes in flight or
 * just done, asked on any coordinator ({@link RecentChecks}), or starts a new one: within the
 * target's rate limit, stored, sent to the agents and closed at its deadline. Reads a check as
 * its asker sees it: while the check store keeps it, then as it ended ({@link LastingChecks}).
 */
public final class CheckService {
  private static final Logger LOG = LoggerFactory.getLogger(CheckService.class);

  private final CheckStore store;
  private final RecentChecks recent;
  private final TargetRate targetRate;
  private final CheckDispatcher dispatcher;
  private final Finalizer finalizer;
  private final Clock clock;
  private final CoordinatorMetrics metrics;
  private final Duration grace;
  private final Duration coalesceWindow;
  private final OpenChecks open;
  private final LastingChecks lasting;

  /** The check that answers a question, and whether it was shared from another check's probes. */
  public record Submitted(CheckView check, boolean coalesced) {}

  /** A question turned into the check that would probe it, before it is known who answers it. */
  private record Draft(Question question, CheckRequest request, String key, Duration claimFor, TargetRate.Use use) {
    String id() {
      return request.checkId();
    }
  }

  public CheckService(CheckStore store, RecentChecks recent, TargetRate targetRate, CheckDispatcher dispatcher,
      Finalizer finalizer, Clock clock, CoordinatorMetrics metrics, Duration grace, Duration coalesceWindow,
      OpenChecks open, LastingChecks lasting) {
    this.store = store;
    this.lasting = lasting;
    this.recent = recent;
    this.targetRate = targetRate;
    this.dispatcher = dispatcher;
    this.finalizer = finalizer;
    this.clock = clock;
    this.metrics = metrics;
    this.grace = grace;
    this.coalesceWindow = coalesceWindow;
    this.open = open;
  }

  /**
   * Shares the answer of a check of the same probes when one is in flight or just done, else
   * starts a new check. Fails with {@link CoordinatorBusyException} when a new check would be
   * one open too many, with {@link TargetRateExceededException} when the target had its
   * share of probes this minute, or with the store's or Kafka's error.
   */
  public Future<Submitted> submit(Question question) {
    return submit(question, TargetRate.Use.AD_HOC);
  }

  /**
   * A monitor's run: as {@link #submit(Question)}, within the whole of the target's limit, the
   * share ad-hoc checks may not take included.
   */
  public Future<Submitted> submitRun(Question question) {
    return submit(question, TargetRate.Use.MONITOR_RUN);
  }

  private Future<Submitted> submit(Question question, TargetRate.Use use) {
    Draft draft = draft(question, clock.instant(), use);
    if (open.full()) {
      // no room for a new check: only an answer already in flight can be given, looked up
      // without claiming the question (a claim would be given up again at once)
      return sharedOnly(draft);
    }
    return answeringCheck(draft)
        .compose(original -> original == null ? start(draft) : share(draft, original));
  }

  /**
   * True when a new check would be one too many for this coordinator now (O(1)): a question
   * that needs one can be turned away before anything else is asked.
   */
  public boolean full() {
    return open.full();
  }

  /** The most checks this coordinator keeps open ({@code --max-open-checks}). */
  public int maxOpen() {
    return open.max();
  }

  /** Whether a question may be answered from a check of the same probes in flight or just done. */
  public boolean shares() {
    return !coalesceWindow.isZero();
  }

  /** Answered from a check in flight if one answers the question, else refused as one check too many. */
  private Future<Submitted> sharedOnly(Draft draft) {
    if (draft.question().fresh() || coalesceWindow.isZero()) {
      metrics.submitShed();
      return Future.failedFuture(new CoordinatorBusyException(open.count()));
    }
    return recent.holder(draft.key())
        .compose(holder -> holder == null ? Future.<CheckRecord>succeededFuture(null) : store.get(holder))
        .compose(original -> {
          if (original == null || original.sharedFrom() != null) {
            metrics.submitShed();
            return Future.failedFuture(new CoordinatorBusyException(open.count()));
          }
          return share(draft, original);
        });
  }

  /**
   * The check as its asker sees it; past the check store's time, the final check as it was
   * published. Null when the id is unknown, past its retention, or a shared check's original is gone.
   */
  public Future<CheckView> read(String id) {
    return store.get(id).compose(record -> {
      if (record == null) {
        return lasting.get(id);
      }
      if (record.sharedFrom() == null) {
        return Future.succeededFuture(Judge.view(record));
      }
      return current(Viewpoint.of(record));
    });
  }

  /** The final check kept for its link, or null ({@link LastingChecks#get}). */
  public Future<CheckView> lasting(String id) {
    return lasting.get(id);
  }

  /** Where the asker of this check looks from; null when the id is unknown (or only its final check is kept). */
  public Future<Viewpoint> viewpoint(String id) {
    return store.get(id).map(record -> record == null ? null : Viewpoint.of(record));
  }

  /** The check followed from this viewpoint as it stands now, as its asker sees it; null when it is gone. */
  public Future<CheckView> current(Viewpoint viewpoint) {
    return store.get(viewpoint.sourceId())
        .map(source -> source == null ? null : viewpoint.see(Judge.view(source)));
  }

  private Draft draft(Question q, Instant now, TargetRate.Use use) {
    Instant deadline = now.plusMillis(q.timeoutMs()).plus(grace);
    CheckRequest request = new CheckRequest(Schema.VERSION, CheckIds.next(now), q.target().normalized(),
        q.target().kind(), q.regions(), q.timeoutMs(), q.expect(), now, deadline, q.options(), null);
    String key = RecentChecks.key(q.target(), q.regions(), q.expect(), q.timeoutMs(), q.options());
    return new Draft(q, request, key, Duration.between(now, deadline).plus(coalesceWindow), use);
  }

  /**
   * The check that already answers these probes, or null: then the draft is to be started. On
   * the way the draft claims the question, so asking at once elsewhere shares it; a fresh
   * question shares nothing and claims the question only once its check has started.
   */
  private Future<CheckRecord> answeringCheck(Draft draft) {
    if (draft.question().fresh() || coalesceWindow.isZero()) {
      return Future.succeededFuture(null);
    }
    return recent.claim(draft.key(), draft.id(), draft.claimFor(), false)
        .compose(holder -> holder == null ? Future.<CheckRecord>succeededFuture(null) : store.get(holder))
        // the holder's record expired (or, never expected, is itself a shared answer): probe anew
        .map(original -> original == null || original.sharedFrom() != null ? null : original);
  }

  /** A new set of probes: counted against the target's limit, stored, sent, and closed at its deadline. */
  private Future<Submitted> start(Draft draft) {
    Question q = draft.question();
    CheckRecord record = CheckRecord.open(draft.request(), q.target().displayHost(), q.regions(), q.slowMs(), q.client());
    if (!open.tryOpen(draft.id(), draft.request().deadline().toEpochMilli())) {
      metrics.submitShed();
      releaseQuestion(draft);
      return Future.failedFuture(new CoordinatorBusyException(open.count()));
    }
    return withinTargetRate(draft)
        .compose(v -> store.create(record))
        .compose(v -> sendAndHold(draft))
        .map(v -> started(draft, record))
        .onFailure(err -> {
          open.close(draft.id());
          releaseQuestion(draft);
        });
  }

  /**
   * Sends the stored check and, at the same time, lets it answer the question (one round trip
   * less on the way to the client). Settles once both have: a check Kafka did not take then
   * gives the question up after its claim, never before it.
   */
  private Future<Void> sendAndHold(Draft draft) {
    Future<Void> sent = dispatcher.dispatch(draft.request(), draft.question().target());
    Future<Void> held = holdQuestion(draft);
    return Future.join(sent, held).transform(ar -> sent.failed() ? Future.failedFuture(sent.cause()) : held);
  }

  private Future<Void> withinTargetRate(Draft draft) {
    String host = draft.question().target().displayHost();
    return targetRate.take(host, draft.request().createdAt(), draft.use())
        .compose(wait -> wait == 0 ? Future.succeededFuture()
            : Future.failedFuture(new TargetRateExceededException(host, wait)));
  }

  private Submitted started(Draft draft, CheckRecord record) {
    metrics.checkSubmitted();
    finalizer.schedule(draft.id(), draft.request().deadline());
    // debug: under a crowd a line per submission is thousands a second; the final verdict is logged
    LOG.debug("check {} {} sent to {}", draft.id(), draft.request().target(), draft.question().regions());
    return new Submitted(Judge.view(record), false);
  }

  /** The started check answers the question from now on; a fresh one takes it over from an older check. */
  private Future<Void> holdQuestion(Draft draft) {
    if (coalesceWindow.isZero()) {
      return Future.succeededFuture();
    }
    return recent.claim(draft.key(), draft.id(), draft.claimFor(), true).mapEmpty();
  }

  /** A check that never started answers nothing: the question is given up, if this draft holds it. */
  private void releaseQuestion(Draft draft) {
    if (!coalesceWindow.isZero()) {
      recent.release(draft.key(), draft.id());
    }
  }

  /** Answered from a check of the same probes in flight or just done: no new probe is sent. */
  private Future<Submitted> share(Draft draft, CheckRecord original) {
    Question q = draft.question();
    if (q.client() == null && original.client() == null && q.slowMs() == original.slowMs()) {
      // nothing of the asker's own to keep, nor of the first asker's in the original (whose
      // justYou and local issue are theirs): the check in flight is this asker's answer as it
      // stands, so a crowd asking without a view of its own costs one claim and one read each
      metrics.checkCoalesced();
      return Future.succeededFuture(new Submitted(Judge.view(original).asCoalesced(), true));
    }
    CheckRecord alias = CheckRecord.sharing(original.id(), draft.request(), q.target().displayHost(),
        original.expectedRegions(), q.slowMs(), q.client());
    return store.create(alias).map(v -> {
      metrics.checkCoalesced();
      LOG.debug("check {} {} answered from {}", alias.id(), draft.request().target(), original.id());
      return new Submitted(Judge.asSeenBy(alias, Judge.view(original)), true);
    });
  }
}
