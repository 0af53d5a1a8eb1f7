package downcheck.coordinator.verdict;

import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.runtime.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.function.BiConsumer;

/**
 * Verdicts out on {@code downcheck.verdicts}: to every coordinator's live streams and to anyone
 * who listens. The producer is the coordinator's main one, closed by its owner.
 */
public final class VerdictPublisher {
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final String origin;
  private final BiConsumer<String, String> local;

  public VerdictPublisher(KafkaProducer<String, String> producer, KafkaSettings kafka) {
    this(producer, kafka, null, (id, json) -> { });
  }

  /**
   * @param origin this coordinator's verdict feed's origin ({@link VerdictFeed#origin()}), put on
   *               every record so the feed skips what it was handed already
   * @param local  the feed's {@link VerdictFeed#deliver}: this coordinator's own live streams get a
   *               verdict as it is sent, not a broker round trip later
   */
  public VerdictPublisher(KafkaProducer<String, String> producer, KafkaSettings kafka, String origin,
      BiConsumer<String, String> local) {
    this.producer = producer;
    this.topic = kafka.topics().verdicts();
    this.origin = origin;
    this.local = local;
  }

  /**
   * A final verdict's record carries this header, so a reader can tell a check closed without
   * decoding the record (each coordinator counts its open checks so).
   */
  public static final String FINAL_HEADER = "downcheck-final";
  /** The feed that published the verdict locally already (see {@link VerdictFeed#origin()}). */
  public static final String ORIGIN_HEADER = "downcheck-origin";

  /**
   * Key = check id, so the verdicts of one check stay in order. {@code checkJson}: the event's
   * check already encoded (its caller keeps that JSON too, for the history and the link), so the
   * check, most of the event, is encoded once.
   */
  public Future<Void> publish(VerdictEvent event, String checkJson) {
    String json = encode(event, checkJson);
    KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(topic, event.check().id(), json);
    if (event.check().isFinal()) {
      record.addHeader(FINAL_HEADER, "true");
    }
    if (origin != null) {
      record.addHeader(ORIGIN_HEADER, origin);
    }
    Future<Void> sent = producer.send(record).mapEmpty();
    SharedEvents.remember(json, event, checkJson); // its streams here need not decode it again
    local.accept(event.check().id(), json);
    return sent;
  }

  /** The event's JSON, exactly as {@link Codec#toJson} writes it, around its check's JSON as given. */
  static String encode(VerdictEvent event, String checkJson) {
    String trigger = event.trigger() == null ? "null" : Codec.toJson(event.trigger());
    return "{\"schema\":" + event.schema() + ",\"check\":" + checkJson + ",\"trigger\":" + trigger + "}";
  }
}
