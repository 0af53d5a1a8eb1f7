package downcheck.coordinator.api;

import downcheck.coordinator.dispatch.CheckDispatcher;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.store.CheckRecord;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.model.check.CheckRequest;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Schema;
import downcheck.runtime.Metrics;
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
  private final Metrics metrics;
  private final Duration grace;

  public CheckApi(Vertx vertx, CheckStore store, CheckDispatcher dispatcher, AgentRegistry registry, Finalizer finalizer,
      Clock clock, Metrics metrics, Duration grace) {
    this.vertx = vertx;
    this.store = store;
    this.dispatcher = dispatcher;
    this.registry = registry;
    this.finalizer = finalizer;
    this.clock = clock;
    this.metrics = metrics;
    this.grace = grace;
  }

  public void mount(Router router) {
    router.post("/api/v1/checks").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::submit);
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
    CheckRecord record = new CheckRecord(request, s.target().displayHost(), regions, s.slowMs(), s.client(), List.of(), null);
    store.create(record)
        .compose(v -> dispatcher.dispatch(request, s.target()))
        .onSuccess(v -> {
          metrics.increment("downcheck_checks_submitted_total");
          finalizer.schedule(id, deadline);
          LOG.info("check {} {} sent to {}", id, request.target(), regions);
          rc.response().setStatusCode(202)
              .putHeader("Location", "/api/v1/checks/" + id)
              .putHeader("Content-Type", "application/json")
              .end(Codec.toJson(record.view(now)));
        })
        .onFailure(rc::fail);
  }

  private void get(RoutingContext rc) {
    String id = rc.pathParam("id");
    if (!CheckIds.looksValid(id)) {
      notFound(rc, id);
      return;
    }
    store.get(id).onSuccess(rec -> {
      if (rec == null) {
        notFound(rc, id);
      } else {
        rc.response().putHeader("Content-Type", "application/json").end(Codec.toJson(rec.view(clock.instant())));
      }
    }).onFailure(rc::fail);
  }

  /**
   * SSE of one check: {@code result}, {@code verdict} each time it is recomputed, then
   * {@code final} and the end. Subscribes before reading the current state, so nothing falls
   * between the two; events that arrive meanwhile wait for the snapshot.
   */
  private void events(RoutingContext rc) {
    String id = rc.pathParam("id");
    if (!CheckIds.looksValid(id)) {
      notFound(rc, id);
      return;
    }
    HttpServerResponse res = rc.response();
    List<VerdictEvent> early = new ArrayList<>();
    boolean[] snapshotSent = {false};
    MessageConsumer<String> consumer = vertx.eventBus().localConsumer(VerdictFeed.checkAddress(id));
    consumer.handler(msg -> {
      VerdictEvent ev = Codec.fromJson(msg.body(), VerdictEvent.class);
      if (snapshotSent[0]) {
        deliver(res, ev, consumer);
      } else {
        early.add(ev);
      }
    });
    res.closeHandler(v -> consumer.unregister());
    store.get(id).onSuccess(rec -> {
      if (rec == null) {
        consumer.unregister();
        notFound(rc, id);
        return;
      }
      Sse.open(res);
      CheckView view = rec.view(clock.instant());
      if (view.isFinal()) {
        finish(res, view, consumer);
        return;
      }
      Sse.event(res, "verdict", Codec.toJson(view));
      snapshotSent[0] = true;
      early.forEach(ev -> deliver(res, ev, consumer));
      early.clear();
      // a safety net: should the final event never come (its coordinator died), end with what is stored
      vertx.setTimer(Math.max(1, Duration.between(clock.instant(), view.deadline()).toMillis()) + 5_000,
          t -> store.get(id).onSuccess(r -> {
            if (res.ended()) {
              return;
            }
            if (r != null && r.isFinal()) {
              finish(res, r.view(clock.instant()), consumer);
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

  private static void deliver(HttpServerResponse res, VerdictEvent ev, MessageConsumer<String> consumer) {
    if (res.ended()) {
      return;
    }
    if (ev.trigger() != null && !Sse.event(res, "result", Codec.toJson(ev.trigger()))) {
      consumer.unregister();
      return;
    }
    Sse.event(res, "verdict", Codec.toJson(ev.check()));
    if (ev.check().isFinal()) {
      finish(res, ev.check(), consumer);
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
