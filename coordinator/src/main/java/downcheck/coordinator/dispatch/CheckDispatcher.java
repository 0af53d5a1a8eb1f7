package downcheck.coordinator.dispatch;

import downcheck.model.check.CheckRequest;
import downcheck.model.check.Target;
import downcheck.model.wire.Codec;
import downcheck.runtime.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.concurrent.TimeUnit;

/**
 * Checks out to the agents on {@code downcheck.checks}. The producer is its HTTP event loop's
 * own, closed by its owner.
 */
public final class CheckDispatcher {
  /** A healthy broker acknowledges a check in milliseconds; the client hears 503 within a second when Kafka is gone. */
  static final long DISPATCH_TIMEOUT_MS = 800;

  private final KafkaProducer<String, String> producer;
  private final String topic;

  public CheckDispatcher(KafkaProducer<String, String> producer, KafkaSettings kafka) {
    this.producer = producer;
    this.topic = kafka.topics().checks();
  }

  /**
   * Key = normalised target, so the checks of one target stay in order on one partition. Bounded
   * by {@link #DISPATCH_TIMEOUT_MS}: with the broker gone the producer would wait for its delivery
   * timeout, and the client with it.
   */
  public Future<Void> dispatch(CheckRequest check, Target target) {
    return producer.send(KafkaProducerRecord.create(topic, target.normalized(), Codec.toJson(check)))
        .timeout(DISPATCH_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(err -> Future.failedFuture(new KafkaUnavailableException(
            "Kafka did not take the check within " + DISPATCH_TIMEOUT_MS + " ms: " + err.getMessage(), err)));
  }
}
