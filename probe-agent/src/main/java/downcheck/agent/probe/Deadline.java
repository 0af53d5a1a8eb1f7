package downcheck.agent.probe;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** The caller's deadline for one step: whichever comes first, the step or the timer, decides. */
public final class Deadline {
  private Deadline() {}

  public static <T> Future<T> within(Vertx vertx, Future<T> step, long ms, Supplier<Throwable> onExpiry) {
    Promise<T> first = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, ms), id -> first.tryFail(onExpiry.get()));
    step.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        first.tryComplete(ar.result());
      } else {
        first.tryFail(ar.cause());
      }
    });
    return first.future();
  }
}
