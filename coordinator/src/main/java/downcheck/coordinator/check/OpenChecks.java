package downcheck.coordinator.check;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checks this coordinator started that are not final yet, counted across its event loops,
 * and the most it keeps open at once.
 *
 * <p>Why a second bound beside the submissions in flight: a submission is answered once its check
 * is on Kafka, in milliseconds, while its probes take as long as the agents need. Past what the
 * agents can run, a coordinator that only bounded its submissions would keep accepting checks that
 * then wait behind each other until their deadline and end without their answer. Bounding the
 * open checks turns the excess away at the door instead (503 with Retry-After), and the checks
 * taken end with their answer.
 *
 * <p>A check leaves the count when a final verdict of it is seen (made here, or by another
 * coordinator and read from {@code downcheck.verdicts}), or at the latest at its deadline, so a
 * final that never shows up costs room only until then.
 */
public final class OpenChecks {
  private final int max;
  private final Clock clock;
  /** Check id to its deadline, epoch ms. */
  private final ConcurrentHashMap<String, Long> open = new ConcurrentHashMap<>();
  /**
   * When the checks past their deadline were last looked for, epoch ms: when full, at most once
   * per {@link #SWEEP_EVERY_MS}, so a crowd turned away does not walk the whole map per request.
   */
  private final AtomicLong swept = new AtomicLong(Long.MIN_VALUE / 2);
  static final long SWEEP_EVERY_MS = 100;

  public OpenChecks(int max, Clock clock) {
    this.max = max;
    this.clock = clock;
  }

  /**
   * Takes room for a check that is about to send probes; false when this coordinator has its most
   * open. Loops that ask at the same instant may each take the last room: over by at most one per
   * event loop, which a bound of hundreds does not feel.
   */
  boolean tryOpen(String id, long deadlineMs) {
    if (full()) {
      return false;
    }
    open.put(id, deadlineMs);
    return true;
  }

  /**
   * True when a new check would be one too many: O(1) while there is room, and when full a walk
   * over the open checks for those past their deadline at most every {@link #SWEEP_EVERY_MS}.
   */
  public boolean full() {
    return open.size() >= max && forgetPastDeadline() == 0;
  }

  public int max() {
    return max;
  }

  /** The check is final (or never started): its room is free. Idempotent; unknown ids are ignored. */
  public void close(String id) {
    open.remove(id);
  }

  public int count() {
    return open.size();
  }

  /** Drops the checks past their deadline whose final was not seen; how many. Runs only when full, and not often. */
  private int forgetPastDeadline() {
    long now = clock.millis();
    long last = swept.get();
    if (now - last < SWEEP_EVERY_MS && now >= last || !swept.compareAndSet(last, now)) {
      return 0;
    }
    int before = open.size();
    open.values().removeIf(deadline -> deadline < now);
    return before - open.size();
  }
}
