package downcheck.coordinator.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Live streams (SSE, WebSocket), capped per client address and in all, and the bytes each may
 * have waiting to go out ({@link #MAX_QUEUED}); shared by the coordinator's event loops. Mounted
 * before each stream's own handler ({@link #admit}): past a cap the request is answered 429 (its
 * client's) or 503 (the total) with Retry-After.
 */
public final class StreamGate {
  /** Bytes a stream may have waiting on the coordinator before it is cut off: a few dozen checks. */
  public static final int MAX_QUEUED = 64 * 1024;
  static final long RETRY_AFTER_S = 5;
  private static final String KEY = "downcheck.stream";

  private final Slots slots;
  private final long heartbeatMs;
  private final Consumer<String> onRefused;
  private final Consumer<String> onCutOff;
  private final LongAdder queued = new LongAdder();
  private final AtomicLong peak = new AtomicLong();

  /**
   * {@code heartbeat}: how often a stream says it is there ({@code --stream-heartbeat-ms});
   * {@code onRefused}: told of each refusal, {@code client} or {@code total}; {@code onCutOff}:
   * of each stream cut off for its slow reader, {@code sse} or {@code ws} (metrics).
   */
  public StreamGate(int perClient, int total, Duration heartbeat, Consumer<String> onRefused,
      Consumer<String> onCutOff) {
    this.slots = new Slots(perClient, total);
    this.heartbeatMs = heartbeat.toMillis();
    this.onRefused = onRefused;
    this.onCutOff = onCutOff;
  }

  /** Streams open now. */
  public int open() {
    return slots.held();
  }

  /** Bytes written to every stream and not yet taken by the network. */
  public long queuedBytes() {
    return queued.sum();
  }

  /** The most bytes one stream had waiting, since the start: how close a reader came to its cut-off. */
  public long peakQueuedBytes() {
    return peak.get();
  }

  /**
   * Route handler in front of a stream: takes its client's stream slot and passes the request on,
   * or refuses it. The slot is given back when the response ends or its connection closes.
   */
  public void admit(RoutingContext rc) {
    Slots.Slot slot = slots.take(Slots.clientOf(rc.request().remoteAddress()));
    if (slot.refusal() != null) {
      boolean client = slot.refusal() == Slots.Refusal.CLIENT;
      onRefused.accept(client ? "client" : "total");
      throw new ProblemException(client ? 429 : 503, client ? "Too many streams" : "Too many streams in all",
          client ? "this client holds the most live streams allowed; close one, or try again in " + RETRY_AFTER_S + " s"
              : "the coordinator holds the most live streams it serves; try again in " + RETRY_AFTER_S + " s",
          RETRY_AFTER_S);
    }
    Held held = new Held(slot);
    HttpServerResponse res = rc.response();
    res.endHandler(v -> held.release());
    res.closeHandler(v -> held.release());
    rc.put(KEY, held);
    rc.next();
  }

  /** The stream {@link #admit} let through for this request. */
  public static Held held(RoutingContext rc) {
    Held held = rc.get(KEY);
    if (held == null) {
      throw new IllegalStateException(rc.request().path() + " is a stream: mount StreamGate::admit in front of it");
    }
    return held;
  }

  /** One stream's slot and the bytes it has waiting; used on its connection's event loop only. */
  public final class Held {
    private final Slots.Slot slot;
    private final List<Runnable> onRelease = new ArrayList<>(1);
    private int queuedHere;
    private boolean cut;
    private boolean released;

    private Held(Slots.Slot slot) {
      this.slot = slot;
    }

    /** Whether {@code bytes} more may wait to go out: at most {@link #MAX_QUEUED}, or one message of any size. */
    public boolean fits(int bytes) {
      return queuedHere == 0 || queuedHere + bytes <= MAX_QUEUED;
    }

    /** Counts a write's bytes as waiting until the network took them (or the connection is gone). */
    public void track(Future<Void> write, int bytes) {
      queuedHere += bytes;
      queued.add(bytes);
      if (queuedHere > peak.get()) {
        peak.accumulateAndGet(queuedHere, Math::max);
      }
      write.onComplete(ar -> {
        queuedHere -= bytes;
        queued.add(-bytes);
      });
    }

    /** The stream is cut off: its client did not keep up ({@code kind}: sse, ws); counted once. */
    public void cutOff(String kind) {
      if (!cut) {
        cut = true;
        onCutOff.accept(kind);
        release();
      }
    }

    /** Whether the stream was cut off: nothing more is written to it. */
    public boolean isCut() {
      return cut;
    }

    /** How often the stream sends a heartbeat. */
    long heartbeatMs() {
      return heartbeatMs;
    }

    /** Runs {@code action} when the stream ends, closes or is cut off. */
    void whenReleased(Runnable action) {
      if (released) {
        action.run();
      } else {
        onRelease.add(action);
      }
    }

    public void release() {
      if (!released) {
        released = true;
        slot.release();
        onRelease.forEach(Runnable::run);
      }
    }
  }
}
