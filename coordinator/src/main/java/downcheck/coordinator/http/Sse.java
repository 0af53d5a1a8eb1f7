package downcheck.coordinator.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Server-Sent Events on one response that {@link StreamGate#admit} let through. A client that
 * cannot keep up is cut off, not buffered for: past {@link StreamGate#MAX_QUEUED} bytes waiting
 * to go out, its stream is reset (an EventSource reconnects), so a reader that never reads costs
 * the coordinator a bounded amount of memory.
 */
public final class Sse {
  private final HttpServerResponse res;
  private final StreamGate.Held held;

  private Sse(HttpServerResponse res, StreamGate.Held held) {
    this.res = res;
    this.held = held;
  }

  /** The stream of this request; fails when no {@link StreamGate} admitted it. */
  public static Sse of(RoutingContext rc) {
    return new Sse(rc.response(), StreamGate.held(rc));
  }

  /** Writes the head: from here on the response is an event stream. */
  public Sse open() {
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    res.writeHead();
    return this;
  }

  /**
   * Sends a {@code : heartbeat} comment every {@code --stream-heartbeat-ms} until the stream ends,
   * so that a quiet stream stays open through proxies and the connections' idle timeout.
   */
  public Sse heartbeat(Vertx vertx) {
    long timer = vertx.setPeriodic(held.heartbeatMs(), t -> comment("heartbeat"));
    held.whenReleased(() -> vertx.cancelTimer(timer));
    return this;
  }

  /** Runs when the client is gone or was cut off (the stream's slot is given back first). */
  public void onClose(Handler<Void> handler) {
    res.closeHandler(v -> {
      held.release();
      handler.handle(null);
    });
  }

  /** Writes one event; false when the client is gone, or too slow and its stream was cut off. */
  public boolean event(String name, String data) {
    return write("event: " + name + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n");
  }

  /** Writes a comment line (a heartbeat, say); a client too slow for it is cut off as for an event. */
  public void comment(String text) {
    write(": " + text + "\n\n");
  }

  /** Ends the stream, when it is still open. */
  public void end() {
    if (!res.ended() && !res.closed()) {
      res.end();
    }
  }

  private boolean write(String text) {
    if (held.isCut() || res.ended() || res.closed()) {
      return false; // a reset connection closes a moment later: events before that go nowhere
    }
    Buffer bytes = Buffer.buffer(text);
    if (!held.fits(bytes.length())) {
      held.cutOff("sse");
      res.reset();
      return false;
    }
    held.track(res.write(bytes), bytes.length());
    return true;
  }
}
