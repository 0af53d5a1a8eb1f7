package downcheck.coordinator.api;

import io.vertx.core.http.HttpServerResponse;

/** Server-Sent Events on a Vert.x response. A client that cannot keep up is cut off, not buffered for. */
public final class Sse {
  private Sse() {}

  public static void open(HttpServerResponse res) {
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    res.writeHead();
  }

  /** Writes one event; false when the client is too slow and the stream was closed. */
  public static boolean event(HttpServerResponse res, String name, String data) {
    if (res.ended() || res.closed()) {
      return false;
    }
    if (res.writeQueueFull()) {
      res.reset();
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
