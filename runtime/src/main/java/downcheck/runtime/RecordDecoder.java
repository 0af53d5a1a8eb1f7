package downcheck.runtime;

import downcheck.model.wire.Codec;
import downcheck.model.wire.MalformedMessageException;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Kafka record's JSON value. A malformed or oversized record is logged, counted per topic, and
 * skipped: never a crash, never a stuck partition.
 */
public final class RecordDecoder {
  /**
   * No message of downcheck comes near this (a verdict of many regions is a few tens of KiB); a
   * larger one is junk, and would be copied into Hazelcast and every live stream if taken.
   */
  public static final int MAX_CHARS = 512 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);

  private final Consumer<String> countMalformed;

  /** {@code countMalformed} is told the topic of each malformed record. */
  public RecordDecoder(Consumer<String> countMalformed) {
    this.countMalformed = countMalformed;
  }

  /** The value as a {@code type}, or null when it is malformed. */
  public <T> T decode(KafkaConsumerRecord<String, String> record, Class<T> type) {
    if (record.value() != null && record.value().length() > MAX_CHARS) {
      countMalformed.accept(record.topic());
      LOG.warn("skipping oversized record at {}-{}@{}: {} chars, at most {}", record.topic(), record.partition(),
          record.offset(), record.value().length(), MAX_CHARS);
      return null;
    }
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
