package downcheck.coordinator.http;

import io.vertx.core.http.HttpServerResponse;

/**
 * Server-Sent Events on a Vert.x response. A client that cannot keep up is cut off, not buffered
 * for: past {@link #MAX_QUEUED} bytes waiting to go out, its stream is reset, so a reader that
 * never reads costs the coordinator a bounded amount of memory.
 */
public final class Sse {
  /** Bytes an SSE client may have waiting on the coordinator before it is dropped: a few dozen checks. */
  public static final int MAX_QUEUED = 256 * 1024;

  private Sse() {}

  public static void open(HttpServerResponse res) {
    res.setWriteQueueMaxSize(MAX_QUEUED);
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    res.writeHead();
  }

  /** Writes one event; false when the client is gone, or too slow and its stream was reset. */
  public static boolean event(HttpServerResponse res, String name, String data) {
    return event(res, name, data, () -> { });
  }

  /** The same; {@code onDropped} runs when the client was too slow and its stream is reset here. */
  public static boolean event(HttpServerResponse res, String name, String data, Runnable onDropped) {
    if (res.ended() || res.closed()) {
      return false;
    }
    if (res.writeQueueFull()) {
      res.reset();
      onDropped.run();
      return false;
    }
    res.write("event: " + name + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n");
    return true;
  }

  public static void comment(HttpServerResponse res, String text) {
    if (!res.ended() && !res.closed() && !res.writeQueueFull()) {
      res.write(": " + text + "\n\n");
    }
  }
}
