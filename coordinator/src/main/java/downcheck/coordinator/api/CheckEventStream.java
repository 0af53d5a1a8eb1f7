package downcheck.coordinator.api;

import downcheck.coordinator.check.CheckService;
import downcheck.coordinator.check.Viewpoint;
import downcheck.coordinator.http.Sse;
import downcheck.coordinator.verdict.SharedEvents;
import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.wire.Codec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client following one check over SSE: {@code result}, {@code verdict} each time it is
 * recomputed, then {@code final} and the end; a check already final gets {@code final} at
 * once. Subscribes before reading the current state, so nothing falls between the two: events
 * that arrive meanwhile wait for the snapshot. A coalesced check follows the events of the
 * check it shares, each seen through its own asker's {@link Viewpoint}.
 */
final class CheckEventStream {
  /** Past its deadline by this much without a final event (its coordinator died), the stream ends with what is stored. */
  static final long SAFETY_NET_MS = 5_000;

  private enum State {
    /** Subscribed, the snapshot not sent yet: events are kept for after it. */
    AWAITING_SNAPSHOT,
    /** The snapshot sent: events go out as they come. */
    LIVE,
    /** Final sent, or the client gone: nothing more goes out. */
    ENDED
  }

  private final Vertx vertx;
  private final CheckService checks;
  private final Clock clock;
  private final RoutingContext rc;
  private final Sse sse;
  private final Viewpoint viewpoint;
  private final List<SharedEvents.Shared> early = new ArrayList<>();
  /** The agents whose results this client was shown (a check takes one result per agent). */
  private final Set<String> shown = new HashSet<>();
  private MessageConsumer<String> consumer;
  private State state = State.AWAITING_SNAPSHOT;
  private long safetyNet = -1;

  CheckEventStream(Vertx vertx, CheckService checks, Clock clock, RoutingContext rc, Viewpoint viewpoint) {
    this.vertx = vertx;
    this.checks = checks;
    this.clock = clock;
    this.rc = rc;
    this.sse = Sse.of(rc);
    this.viewpoint = viewpoint;
  }

  void start() {
    consumer = vertx.eventBus().localConsumer(VerdictFeed.checkAddress(viewpoint.sourceId()), this::onEvent);
    sse.onClose(v -> stop());
    checks.current(viewpoint).onSuccess(this::onSnapshot).onFailure(err -> {
      stop();
      rc.fail(err);
    });
  }

  /** A check long final: its {@code final} event, then the end. */
  static void finalOnly(RoutingContext rc, CheckView view) {
    Sse sse = Sse.of(rc);
    sse.open();
    sse.event("final", Codec.toJson(view));
    sse.end();
  }

  private void onEvent(Message<String> msg) {
    SharedEvents.Shared event = SharedEvents.of(msg.body());
    if (event == null) {
      return;
    }
    switch (state) {
      case AWAITING_SNAPSHOT -> early.add(event);
      case LIVE -> deliver(event);
      case ENDED -> { }
    }
  }

  private void onSnapshot(CheckView view) {
    if (state == State.ENDED) {
      return; // the client left before there was anything to say
    }
    if (view == null) {
      stop();
      CheckApi.notFound(rc, viewpoint.sourceId());
      return;
    }
    sse.open().heartbeat(vertx);
    if (view.isFinal()) {
      finish(Codec.toJson(view));
      return;
    }
    sse.event("verdict", Codec.toJson(view));
    view.regions().forEach(region -> region.results().forEach(r -> shown.add(r.agentId())));
    state = State.LIVE;
    early.forEach(this::deliver);
    early.clear();
    arm(view);
  }

  private void arm(CheckView view) {
    long untilDeadline = Math.max(1, Duration.between(clock.instant(), view.deadline()).toMillis());
    safetyNet = vertx.setTimer(untilDeadline + SAFETY_NET_MS, t -> endWithStored());
  }

  private void deliver(SharedEvents.Shared event) {
    if (state != State.LIVE) {
      return;
    }
    CheckView source = event.event().check();
    CheckView check = viewpoint.see(source);
    // a result event for each result the check has that this client was not shown yet: results
    // that came together are folded into one verdict, whose trigger is only the last of them
    for (RegionReport region : check.regions()) {
      for (ProbeResult r : region.results()) {
        if (shown.add(r.agentId()) && !sse.event("result", Codec.toJson(r))) {
          stop(); // too slow: Sse cut the client off
          return;
        }
      }
    }
    // the check as its own asker sees it is the event's: its JSON encoded once for every stream
    String json = check == source ? event.checkJson() : Codec.toJson(check);
    if (!sse.event("verdict", json)) {
      stop(); // gone, or too slow and cut off: nothing more is queued for it
      return;
    }
    if (check.isFinal()) {
      finish(json);
    }
  }

  /** The final event never came: end with the stored check, final if it is by now. */
  private void endWithStored() {
    checks.current(viewpoint).onSuccess(view -> {
      if (state == State.ENDED) {
        return;
      }
      if (view != null && view.isFinal()) {
        finish(Codec.toJson(view));
      } else if (view != null && view.deadline().isAfter(clock.instant())) {
        arm(view); // its deadline moved: it waits for the traces of its path comparison
      } else {
        stop();
        sse.end();
      }
    });
  }

  private void finish(String viewJson) {
    stop();
    sse.event("final", viewJson);
    sse.end();
  }

  private void stop() {
    state = State.ENDED;
    consumer.unregister();
    if (safetyNet >= 0) {
      vertx.cancelTimer(safetyNet);
    }
  }
}
