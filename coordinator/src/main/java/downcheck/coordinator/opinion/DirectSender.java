package downcheck.coordinator.opinion;

import downcheck.model.check.CheckRequest;
import io.vertx.core.Future;

/**
 * Sends a check to the agents it names ({@link CheckRequest#agents()}) over the direct topic
 * (docs/architecture.md), not to a region's shared group: a second opinion must be answered by
 * the agent chosen, never by the one whose answer it checks.
 */
@FunctionalInterface
public interface DirectSender {
  Future<Void> send(CheckRequest check);
}
