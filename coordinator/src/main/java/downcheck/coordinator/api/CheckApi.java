package downcheck.coordinator.api;

import downcheck.coordinator.dispatch.CheckDispatcher;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.store.CheckRecord;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.RecentChecks;
import downcheck.coordinator.store.TargetRate;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.model.check.CheckRequest;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.coordinator.CoordinatorMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/checks}: submit, read, and follow one check live. */
public final class CheckApi {
  private static final Logger LOG = LoggerFactory.getLogger(CheckApi.class);
  static final int MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final CheckStore store;
  private final CheckDispatcher dispatcher;
  private final AgentRegistry registry;
  private final Finalizer finalizer;
  private final Clock clock;
  private final CoordinatorMetrics metrics;
  private final Duration grace;
  private final RecentChecks recent;
  private final Duration coalesceWindow;
  private final AccessGuard guard;
  private final TargetRate targetRate;

  public CheckApi(Vertx vertx, CheckStore store, CheckDispatcher dispatcher, AgentRegistry registry, Finalizer finalizer,
      RecentChecks recent, AccessGuard guard, TargetRate targetRate, Clock clock, CoordinatorMetrics metrics, Duration grace,
      Duration coalesceWindow) {
    this.vertx = vertx;
    this.store = store;
    this.dispatcher = dispatcher;
    this.registry = registry;
    this.finalizer = finalizer;
    this.clock = clock;
    this.metrics = metrics;
    this.grace = grace;
    this.recent = recent;
    this.coalesceWindow = coalesceWindow;
    this.guard = guard;
    this.targetRate = targetRate;
  }

  public void mount(Router router) {
    router.post("/api/v1/checks").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(guard::check)
        .handler(this::submit);
    router.get("/api/v1/checks/:id").handler(this::get);
    router.get("/api/v1/checks/:id/events").handler(this::events);
  }

  private void submit(RoutingContext rc) {
    Submission s = Submission.parse(rc.body().asString());
    List<String> live = registry.liveRegionNames();
    List<String> regions = s.regions().isEmpty() ? live : s.regions();
    if (live.isEmpty()) {
      Problems.send(rc, 503, "No live region", "no probe agent is live; start one with ./downcheck agent", List.of());
      return;
    }
    List<String> unknown = new ArrayList<>(regions);
    unknown.removeAll(live);
    if (!unknown.isEmpty()) {
      throw InvalidRequestException.of("regions", "unknown or not live: " + String.join(", ", unknown)
          + " (live: " + String.join(", ", live) + ")");
    }
    Instant now = clock.instant();
    String id = CheckIds.next(now);
    Instant deadline = now.plusMillis(s.timeoutMs()).plus(grace);
    CheckRequest request = new CheckRequest(Schema.VERSION, id, s.target().normalized(), s.target().kind(), regions,
        s.timeoutMs(), s.expect(), now, deadline);
    String key = RecentChecks.key(s.target(), regions, s.expect(), s.timeoutMs());
    Duration claimFor = Duration.between(now, deadline).plus(coalesceWindow);
    boolean share = !s.fresh() && !coalesceWindow.isZero();
    // not fresh: take the question, or learn which check holds it; fresh: take it once started
    (share ? recent.claim(key, id, claimFor, false) : Future.<String>succeededFuture(null))
        .compose(holder -> holder == null ? Future.<CheckRecord>succeededFuture(null) : store.get(holder))
        .compose(original -> original == null || original.sharedFrom() != null
            ? startNew(s, request, regions)
                .compose(view -> coalesceWindow.isZero() ? Future.succeededFuture(view)
                    : recent.claim(key, id, claimFor, true).map(view))
                .onFailure(err -> recent.release(key, id))
            : shareWith(original, s, request))
        .onSuccess(view -> {
          rc.response().setStatusCode(view.coalesced() ? 200 : 202)
              .putHeader("Location", "/api/v1/checks/" + view.id())
              .putHeader("Content-Type", "application/json")
              .end(Codec.toJson(view));
        })
        .onFailure(rc::fail);
  }

  private Future<CheckView> startNew(Submission s, CheckRequest request, List<String> regions) {
    CheckRecord record = new CheckRecord(request, s.target().displayHost(), regions, s.slowMs(), s.client(), List.of(),
        null, null);
    return targetRate.take(s.target().displayHost(), request.createdAt())
        .compose(wait -> wait == 0 ? Future.succeededFuture() : Future.failedFuture(new ProblemException(429,
            "Too many checks of this target", s.target().displayHost() + " was probed too often this minute; try again in "
            + wait + " s, or without \"fresh\" to share a recent check", wait)))
        .compose(v -> store.create(record))
        .compose(v -> dispatcher.dispatch(request, s.target()))
        .map(v -> {
          metrics.checkSubmitted();
          finalizer.schedule(request.checkId(), request.deadline());
          LOG.info("check {} {} sent to {}", request.checkId(), request.target(), regions);
          return record.view(clock.instant());
        });
  }

  /** Answered from a check of the same probes in flight or just done: no new probe is sent. */
  private Future<CheckView> shareWith(CheckRecord original, Submission s, CheckRequest request) {
    CheckRecord alias = new CheckRecord(request, s.target().displayHost(), original.expectedRegions(), s.slowMs(),
        s.client(), List.of(), null, original.id());
    return store.create(alias).map(v -> {
      metrics.checkCoalesced();
      LOG.info("check {} {} answered from {}", alias.id(), request.target(), original.id());
      return alias.viewOf(original.view(clock.instant()));
    });
  }

  private void get(RoutingContext rc) {
    String id = rc.pathParam("id");
    if (!CheckIds.looksValid(id)) {
      notFound(rc, id);
      return;
    }
    store.get(id)
        .compose(rec -> rec == null ? Future.succeededFuture(null) : viewOf(rec))
        .onSuccess(view -> {
          if (view == null) {
            notFound(rc, id);
          } else {
            rc.response().putHeader("Content-Type", "application/json").end(Codec.toJson(view));
          }
        }).onFailure(rc::fail);
  }

  /** The check as its asker sees it; null when a coalesced check's original is gone. */
  private Future<CheckView> viewOf(CheckRecord rec) {
    if (rec.sharedFrom() == null) {
      return Future.succeededFuture(rec.view(clock.instant()));
    }
    return store.get(rec.sharedFrom()).map(orig -> orig == null ? null : rec.viewOf(orig.view(clock.instant())));
  }

  /**
   * SSE of one check: {@code result}, {@code verdict} each time it is recomputed, then
   * {@code final} and the end. Subscribes before reading the current state, so nothing falls
   * between the two; events that arrive meanwhile wait for the snapshot. A coalesced check
   * follows the events of the check it shares, each judged with its own asker's view.
   */
  private void events(RoutingContext rc) {
    String id = rc.pathParam("id");
    if (!CheckIds.looksValid(id)) {
      notFound(rc, id);
      return;
    }
    store.get(id).onSuccess(rec -> {
      if (rec == null) {
        notFound(rc, id);
        return;
      }
      UnaryOperator<CheckView> asSeen = rec.sharedFrom() == null ? UnaryOperator.identity() : rec::viewOf;
      follow(rc, rec.sharedFrom() == null ? id : rec.sharedFrom(), asSeen);
    }).onFailure(rc::fail);
  }

  private void follow(RoutingContext rc, String sourceId, UnaryOperator<CheckView> asSeen) {
    HttpServerResponse res = rc.response();
    List<VerdictEvent> early = new ArrayList<>();
    boolean[] snapshotSent = {false};
    MessageConsumer<String> consumer = vertx.eventBus().localConsumer(VerdictFeed.checkAddress(sourceId));
    consumer.handler(msg -> {
      VerdictEvent ev = Codec.fromJson(msg.body(), VerdictEvent.class);
      if (snapshotSent[0]) {
        deliver(res, ev, asSeen, consumer);
      } else {
        early.add(ev);
      }
    });
    res.closeHandler(v -> consumer.unregister());
    store.get(sourceId).onSuccess(rec -> {
      if (rec == null) {
        consumer.unregister();
        notFound(rc, sourceId);
        return;
      }
      Sse.open(res);
      CheckView view = asSeen.apply(rec.view(clock.instant()));
      if (view.isFinal()) {
        finish(res, view, consumer);
        return;
      }
      Sse.event(res, "verdict", Codec.toJson(view));
      snapshotSent[0] = true;
      early.forEach(ev -> deliver(res, ev, asSeen, consumer));
      early.clear();
      // a safety net: should the final event never come (its coordinator died), end with what is stored
      vertx.setTimer(Math.max(1, Duration.between(clock.instant(), view.deadline()).toMillis()) + 5_000,
          t -> store.get(sourceId).onSuccess(r -> {
            if (res.ended()) {
              return;
            }
            if (r != null && r.isFinal()) {
              finish(res, asSeen.apply(r.view(clock.instant())), consumer);
            } else {
              consumer.unregister();
              res.end();
            }
          }));
    }).onFailure(err -> {
      consumer.unregister();
      rc.fail(err);
    });
  }

  private static void deliver(HttpServerResponse res, VerdictEvent ev, UnaryOperator<CheckView> asSeen,
      MessageConsumer<String> consumer) {
    if (res.ended()) {
      return;
    }
    if (ev.trigger() != null && !Sse.event(res, "result", Codec.toJson(ev.trigger()))) {
      consumer.unregister();
      return;
    }
    CheckView check = asSeen.apply(ev.check());
    Sse.event(res, "verdict", Codec.toJson(check));
    if (check.isFinal()) {
      finish(res, check, consumer);
    }
  }

  private static void finish(HttpServerResponse res, CheckView view, MessageConsumer<String> consumer) {
    consumer.unregister();
    if (!res.ended()) {
      Sse.event(res, "final", Codec.toJson(view));
      res.end();
    }
  }

  private static void notFound(RoutingContext rc, String id) {
    Problems.send(rc, 404, "Unknown check", "no check with id '" + id + "' (checks are kept for a limited time)",
        List.of(new FieldError("id", "unknown")));
  }
}
