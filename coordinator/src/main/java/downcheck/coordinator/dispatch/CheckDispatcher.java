package downcheck.coordinator.dispatch;

import downcheck.model.check.CheckRequest;
import downcheck.model.check.Target;
import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.runtime.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/** The coordinator's way out to Kafka: checks to the agents, verdicts to anyone who listens. */
public final class CheckDispatcher {
  private final KafkaProducer<String, String> producer;
  private final KafkaSettings kafka;

  public CheckDispatcher(Vertx vertx, KafkaSettings kafka, String coordinatorId) {
    this.kafka = kafka;
    this.producer = KafkaProducer.create(vertx, kafka.producer("downcheck-coordinator-" + coordinatorId));
  }

  /** Key = normalised target, so the checks of one target stay in order on one partition. */
  public Future<Void> dispatch(CheckRequest check, Target target) {
    return producer.send(KafkaProducerRecord.create(kafka.topics().checks(), target.normalized(), Codec.toJson(check)))
        .mapEmpty();
  }

  /** Key = check id, so the verdicts of one check stay in order. */
  public Future<Void> publish(VerdictEvent event) {
    return producer.send(KafkaProducerRecord.create(kafka.topics().verdicts(), event.check().id(), Codec.toJson(event)))
        .mapEmpty();
  }

  public Future<Void> close() {
    return producer.close();
  }
}
