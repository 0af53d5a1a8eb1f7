package downcheck.agent.probe;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that probes in flight may hold, in total, in one agent process
 * ({@code --probe-memory-budget-bytes}): each probe takes a {@link Lease} and grows it as it keeps
 * more (a response head as it arrives, a body search); a probe whose lease cannot grow ends as
 * ERROR (the agent's own limit, never evidence against the target) instead of the process running
 * out of heap. Shared by every lane of the agent, so thread-safe; plain Java.
 */
public final class ProbeMemory {
  private final long limit;
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();

  public ProbeMemory(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("probe memory budget: " + limitBytes + " must be above 0");
    }
    this.limit = limitBytes;
  }

  /** No limit: the canaries' own probes, and tests that are not about memory. */
  public static ProbeMemory unlimited() {
    return new ProbeMemory(Long.MAX_VALUE);
  }

  public long limit() {
    return limit;
  }

  /** Bytes held by probes in flight now. */
  public long held() {
    return held.get();
  }

  /** Leases refused since the start: probes that ended as ERROR for the budget. */
  public long refusals() {
    return refusals.get();
  }

  /** A lease of nothing yet; {@link Lease#growTo} takes from the budget, {@link Lease#close} gives it all back. */
  public Lease lease() {
    return new Lease();
  }

  private boolean take(long bytes) {
    long now;
    do {
      now = held.get();
      if (now + bytes > limit || now + bytes < 0) {
        return false;
      }
    } while (!held.compareAndSet(now, now + bytes));
    return true;
  }

  /** One probe's share. Used from the probe's own event loop only. */
  public final class Lease implements AutoCloseable {
    private long bytes;

    private Lease() {}

    /**
     * Makes the lease at least {@code total} bytes. False, and unchanged, when the budget has not
     * that much left.
     */
    public boolean growTo(long total) {
      if (total <= bytes) {
        return true;
      }
      if (!take(total - bytes)) {
        refusals.incrementAndGet();
        return false;
      }
      bytes = total;
      return true;
    }

    public long bytes() {
      return bytes;
    }

    /** Why a probe was refused, for its result. */
    public String refusal(long wanted) {
      return "not probed to the end: the agent's probe memory budget is spent (" + wanted + " bytes wanted, "
          + held.get() + " of " + limit + " held by probes in flight; --probe-memory-budget-bytes)";
    }

    @Override
    public void close() {
      held.addAndGet(-bytes);
      bytes = 0;
    }
  }
}
