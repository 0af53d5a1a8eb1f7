package downcheck.coordinator.api;

import downcheck.coordinator.http.InvalidRequestException;
import downcheck.coordinator.http.Sse;
import downcheck.coordinator.http.StreamGate;
import downcheck.coordinator.verdict.SharedEvents;
import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.model.check.Target;
import downcheck.model.verdict.CheckView;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** {@code GET /api/v1/stream}: every verdict in the network, live, optionally for one host (behind a {@link StreamGate}). */
public final class StreamApi {
  private final Vertx vertx;

  public StreamApi(Vertx vertx) {
    this.vertx = vertx;
  }

  public void mount(Router router) {
    router.get("/api/v1/stream/ws").handler(this::webSocket);
    router.get("/api/v1/stream").handler(this::stream);
  }

  private void stream(RoutingContext rc) {
    String host = hostFilter(rc);
    Sse sse = Sse.of(rc).open();
    sse.comment("downcheck verdict stream" + (host == null ? "" : " for " + host));
    MessageConsumer<String> consumer = vertx.eventBus().localConsumer(VerdictFeed.STREAM);
    sse.heartbeat(vertx);
    consumer.handler(msg -> {
      SharedEvents.Shared shared = SharedEvents.of(msg.body());
      if (shared == null) {
        return;
      }
      CheckView check = shared.event().check();
      if (host != null && !host.equals(hostOf(check))) {
        return;
      }
      sse.event(check.isFinal() ? "final" : "verdict", shared.checkJson()); // false: gone, and onClose stops it
    });
    sse.onClose(v -> consumer.unregister());
  }

  /**
   * The same events on a WebSocket: one text frame per event, {@code {"event":"verdict"|"final",
   * "check":{...}}}. A client that cannot keep up is disconnected, as on SSE.
   */
  private void webSocket(RoutingContext rc) {
    String host = hostFilter(rc);
    if (!rc.request().canUpgradeToWebSocket()) {
      // a plain GET: a problem naming what is missing (Vert.x alone answers a bare 400, no problem+json)
      throw InvalidRequestException.of("Upgrade", "this is a WebSocket: send Upgrade: websocket "
          + "(GET /api/v1/stream carries the same events as Server-Sent Events)");
    }
    StreamGate.Held held = StreamGate.held(rc);
    rc.request().toWebSocket().onSuccess(ws -> {
      MessageConsumer<String> consumer = vertx.eventBus().localConsumer(VerdictFeed.STREAM);
      consumer.handler(msg -> {
        SharedEvents.Shared shared = SharedEvents.of(msg.body());
        if (shared == null) {
          return;
        }
        CheckView check = shared.event().check();
        if (host != null && !host.equals(hostOf(check))) {
          return;
        }
        // {"event":...,"check":...}: the check's JSON as every stream here shares it
        Buffer frame = Buffer.buffer("{\"event\":\"" + (check.isFinal() ? "final" : "verdict") + "\",\"check\":"
            + shared.checkJson() + "}");
        if (!held.fits(frame.length())) {
          consumer.unregister();
          held.cutOff("ws");
          ws.close((short) 1008, "too slow"); // policy violation: could not keep up
          return;
        }
        held.track(ws.writeTextMessage(frame.toString()), frame.length());
      });
      ws.closeHandler(v -> {
        consumer.unregister();
        held.release();
      });
    }).onFailure(err -> {
      held.release();
      rc.fail(err);
    });
  }

  private static String hostFilter(RoutingContext rc) {
    String filter = rc.queryParams().get("target");
    if (filter != null && (filter.isBlank() || filter.length() > 253)) {
      throw InvalidRequestException.of("target", "must be a host name, e.g. example.com");
    }
    return filter == null ? null : filter.strip().toLowerCase(Locale.ROOT);
  }

  private static String hostOf(CheckView check) {
    try {
      return Target.parse(check.target(), check.kind()).host();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

}
