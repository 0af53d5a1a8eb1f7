package downcheck.coordinator.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * HTTP connections, capped per client address and in all; shared by the coordinator's event
 * loops, each taking its connections through its own {@link Loop}.
 *
 * <p>A connection past a cap is refused with an answer when one is possible: its first request
 * gets a problem (429 for its client's cap, 503 for the total) with Retry-After, and the
 * connection is closed. One that sends no request within {@link #REFUSE_WITHIN_MS} is closed
 * without one; and past {@link #MAX_REFUSING} such connections at once, each is closed as it comes.
 */
public final class ConnectionGate {
  /** How long a refused connection may take to send the request its refusal answers. */
  static final long REFUSE_WITHIN_MS = 1_000;
  /** Refused connections waiting for their request at once, on this coordinator; past them a refusal is a close. */
  static final int MAX_REFUSING = 64;
  /** Retry-After of a refused connection, in seconds. */
  static final long RETRY_AFTER_S = 5;

  private final Slots slots;
  private final Consumer<String> onRefused;
  private final AtomicInteger refusing = new AtomicInteger();

  /** {@code onRefused}: told of each refusal, {@code client} or {@code total} (a metric). */
  public ConnectionGate(int perClient, int total, Consumer<String> onRefused) {
    this.slots = new Slots(perClient, total);
    this.onRefused = onRefused;
  }

  /** Connections open now. */
  public int open() {
    return slots.held();
  }

  /** The gate on one event loop: its connection and request handlers. */
  public Loop on(Vertx vertx) {
    return new Loop(vertx);
  }

  /** One HTTP server's side of the gate; used on that server's event loop only. */
  public final class Loop {
    private final Vertx vertx;
    private final Map<HttpConnection, Slots.Refusal> refused = new HashMap<>();

    private Loop(Vertx vertx) {
      this.vertx = vertx;
    }

    /** The server's connection handler: takes the connection's slot, given back when it closes; or refuses it. */
    public void connected(HttpConnection conn) {
      Slots.Slot slot = slots.take(Slots.clientOf(conn.remoteAddress()));
      if (slot.refusal() == null) {
        conn.closeHandler(v -> slot.release());
        return;
      }
      onRefused.accept(slot.refusal() == Slots.Refusal.CLIENT ? "client" : "total");
      if (refusing.incrementAndGet() > MAX_REFUSING) {
        refusing.decrementAndGet();
        conn.close();
        return;
      }
      refused.put(conn, slot.refusal());
      long timer = vertx.setTimer(REFUSE_WITHIN_MS, t -> conn.close());
      conn.closeHandler(v -> {
        vertx.cancelTimer(timer);
        refused.remove(conn);
        refusing.decrementAndGet();
      });
    }

    /** True when the request came on a refused connection: it is answered with the refusal here, and closed. */
    public boolean refuses(HttpServerRequest req) {
      Slots.Refusal refusal = refused.get(req.connection());
      if (refusal == null) {
        return false;
      }
      boolean client = refusal == Slots.Refusal.CLIENT;
      req.response().putHeader("Retry-After", Long.toString(RETRY_AFTER_S)).putHeader("Connection", "close");
      Problems.send(req.response(), client ? 429 : 503, client ? "Too many connections" : "Too many connections in all",
          client ? "this client holds the most connections allowed; close one, or try again in " + RETRY_AFTER_S + " s"
              : "the coordinator holds the most connections it serves; try again in " + RETRY_AFTER_S + " s", List.of())
          .onComplete(ar -> req.connection().close());
      return true;
    }
  }
}
