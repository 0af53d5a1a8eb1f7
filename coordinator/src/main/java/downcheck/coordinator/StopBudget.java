package downcheck.coordinator;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deadline for a coordinator's whole stop. Vert.x stops the HTTP API's instances first (they
 * are the coordinator verticle's children) and the coordinator's own clients after them; with
 * Kafka gone every client would wait its full bound, one layer after the other, past a container's
 * grace period. The clock starts at the first close and every later one gets what is left.
 */
final class StopBudget {
  private static final Logger LOG = LoggerFactory.getLogger(StopBudget.class);
  private static final long NOT_STOPPING = Long.MIN_VALUE;

  private final long budgetMs;
  private final AtomicLong deadlineNanos = new AtomicLong(NOT_STOPPING);

  StopBudget(long budgetMs) {
    this.budgetMs = budgetMs;
  }

  /** What is left of the budget, starting it if this is the stop's first close. */
  long leftMs() {
    long deadline = deadlineNanos.updateAndGet(d -> d != NOT_STOPPING ? d
        : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs));
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  /** Logged here when it fails or runs past the budget; the stop goes on, so Vert.x has nothing more to report. */
  Future<Void> bound(String what, Future<Void> closing) {
    long left = leftMs();
    return closing.timeout(left, TimeUnit.MILLISECONDS).recover(err -> {
      LOG.warn("{} not closed cleanly within the stop's {} ms: {}", what, budgetMs, err.getMessage());
      return Future.succeededFuture();
    });
  }
}
