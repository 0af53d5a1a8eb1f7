package downcheck.coordinator.api;

import downcheck.coordinator.telemetry.CoordinatorMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most check submissions one coordinator works on at once, counted across its event loops.
 * Past it a submission is shed (503 with Retry-After) at once, so a crowd past capacity waits
 * neither in a queue nor in memory.
 */
public final class SubmitBound {
  private final int max;
  private final CoordinatorMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();

  public SubmitBound(int max, CoordinatorMetrics metrics) {
    this.max = max;
    this.metrics = metrics;
    metrics.submitsInFlight(inFlight::get);
  }

  /** True when the submission may go on (then {@link #release()} when it is answered); false: shed it. */
  boolean tryAcquire() {
    if (inFlight.incrementAndGet() > max) {
      inFlight.decrementAndGet();
      metrics.submitShed();
      return false;
    }
    return true;
  }

  /** True when a submission would be shed now: a peek, for turning one away before its body is read. */
  boolean full() {
    return inFlight.get() >= max;
  }

  /** Counts a submission turned away for another reason of capacity (the open checks). */
  void shed() {
    metrics.submitShed();
  }

  void release() {
    inFlight.decrementAndGet();
  }

  int max() {
    return max;
  }
}
