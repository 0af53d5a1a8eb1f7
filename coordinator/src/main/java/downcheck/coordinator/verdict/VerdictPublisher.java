package downcheck.coordinator.verdict;

import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.runtime.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/**
 * Verdicts out on {@code downcheck.verdicts}: to every coordinator's live streams and to anyone
 * who listens. The producer is the coordinator's main one, closed by its owner.
 */
public final class VerdictPublisher {
  private final KafkaProducer<String, String> producer;
  private final String topic;

  public VerdictPublisher(KafkaProducer<String, String> producer, KafkaSettings kafka) {
    this.producer = producer;
    this.topic = kafka.topics().verdicts();
  }

  /** Key = check id, so the verdicts of one check stay in order. */
  public Future<Void> publish(VerdictEvent event) {
    return producer.send(KafkaProducerRecord.create(topic, event.check().id(), Codec.toJson(event))).mapEmpty();
  }
}
