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

  /**
   * A final verdict's record carries this header, so a reader can tell a check closed without
   * decoding the record (each coordinator counts its open checks so).
   */
  public static final String FINAL_HEADER = "downcheck-final";

  /** Key = check id, so the verdicts of one check stay in order. */
  public Future<Void> publish(VerdictEvent event) {
    KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(topic, event.check().id(), Codec.toJson(event));
    if (event.check().isFinal()) {
      record.addHeader(FINAL_HEADER, "true");
    }
    return producer.send(record).mapEmpty();
  }
}
