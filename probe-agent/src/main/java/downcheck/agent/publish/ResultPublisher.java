package downcheck.agent.publish;

import downcheck.agent.kafka.AgentKafka;
import downcheck.model.agent.Heartbeat;
import downcheck.model.result.ProbeResult;
import downcheck.model.wire.Codec;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/** Sends results (key = check id) and heartbeats (key = agent id) to Kafka. */
public final class ResultPublisher {
  private final KafkaProducer<String, String> producer;
  private final KafkaSettings kafka;
  private final Telemetry.Binding clientMetrics;

  public ResultPublisher(Vertx vertx, KafkaSettings kafka, String agentId, Telemetry telemetry) {
    this.kafka = kafka;
    this.producer = KafkaProducer.create(vertx, AgentKafka.producer(kafka, "downcheck-agent-" + agentId));
    this.clientMetrics = telemetry.bind(producer);
    // every send's own future carries its failure to the caller, who logs it once; without this
    // handler Vert.x would log each failed send again as an "unhandled exception"
    this.producer.exceptionHandler(err -> { });
  }

  public Future<Void> result(ProbeResult r) {
    return producer.send(KafkaProducerRecord.create(kafka.topics().results(), r.checkId(), Codec.toJson(r))).mapEmpty();
  }

  public Future<Void> heartbeat(Heartbeat h) {
    return producer.send(KafkaProducerRecord.create(kafka.topics().agents(), h.agentId(), Codec.toJson(h))).mapEmpty();
  }

  /** A tombstone: the agent leaves the live set at once instead of after three intervals. */
  public Future<Void> leave(String agentId) {
    return producer.send(KafkaProducerRecord.<String, String>create(kafka.topics().agents(), agentId, null)).mapEmpty();
  }

  /** Waits at most {@code timeoutMs} for what is in flight; what is left then is dropped, never sent later. */
  public Future<Void> close(long timeoutMs) {
    clientMetrics.close();
    return producer.close(timeoutMs);
  }
}
