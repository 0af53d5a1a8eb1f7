package downcheck.coordinator.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Hazelcast's asynchronous answers as Vert.x futures of the caller's context, with no thread
 * between them.
 *
 * <p>Why not {@link Future#fromCompletionStage(CompletionStage, Context)}: it registers with
 * {@code whenComplete}, which Hazelcast runs on its default async executor, and on a machine
 * whose common fork-join pool has a parallelism of 1 (two cores) that executor starts a new
 * thread for every callback: 54,000 threads in 80 s of the coordinator benchmark, most of its
 * CPU. Here the callback runs on the thread that completes the operation (a partition thread,
 * for a few instructions) and hands the result over to the context.
 */
public final class HazelcastFutures {
  private static final Executor ON_COMPLETING_THREAD = Runnable::run;

  private HazelcastFutures() {}

  /** The stage's outcome, delivered on {@code context}. */
  public static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
    Promise<T> promise = Promise.promise();
    stage.whenCompleteAsync((value, failure) -> context.runOnContext(v -> {
      if (failure != null) {
        promise.fail(failure);
      } else {
        promise.complete(value);
      }
    }), ON_COMPLETING_THREAD);
    return promise.future();
  }
}
