package downcheck.runtime;

import downcheck.model.wire.Codec;
import downcheck.model.wire.MalformedMessageException;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Kafka record's JSON value. A malformed record is logged, counted per topic, and
 * skipped: never a crash, never a stuck partition.
 */
public final class RecordDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);

  private final Consumer<String> countMalformed;

  /** {@code countMalformed} is told the topic of each malformed record. */
  public RecordDecoder(Consumer<String> countMalformed) {
    this.countMalformed = countMalformed;
  }

  /** The value as a {@code type}, or null when it is malformed. */
  public <T> T decode(KafkaConsumerRecord<String, String> record, Class<T> type) {
    try {
      return Codec.fromJson(record.value(), type);
    } catch (MalformedMessageException e) {
      countMalformed.accept(record.topic());
      LOG.warn("skipping malformed record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return null;
    }
  }
}
