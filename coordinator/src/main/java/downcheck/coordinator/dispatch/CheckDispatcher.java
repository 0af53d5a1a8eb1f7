package downcheck.coordinator.dispatch;

import downcheck.model.check.CheckRequest;
import downcheck.model.check.Target;
import downcheck.model.wire.Codec;
import downcheck.runtime.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/**
 * Checks out to the agents on {@code downcheck.checks}. The producer is the coordinator's one,
 * shared with the verdict publisher, and closed by its owner.
 */
public final class CheckDispatcher {
  private final KafkaProducer<String, String> producer;
  private final String topic;

  public CheckDispatcher(KafkaProducer<String, String> producer, KafkaSettings kafka) {
    this.producer = producer;
    this.topic = kafka.topics().checks();
  }

  /** Key = normalised target, so the checks of one target stay in order on one partition. */
  public Future<Void> dispatch(CheckRequest check, Target target) {
    return producer.send(KafkaProducerRecord.create(topic, target.normalized(), Codec.toJson(check))).mapEmpty();
  }
}
