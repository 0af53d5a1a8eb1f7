package downcheck.agent.kafka;

import downcheck.runtime.KafkaSettings;
import java.util.Map;

/**
 * The Kafka client settings of an agent, on top of the shared ones: an agent runs in a small
 * bounded heap (docs/operations.md), and the clients' own defaults are sized for brokers' and
 * streaming jobs' heaps. A check is about half a kilobyte and a result a little more, so these
 * bounds cost an agent nothing, and a setting the operator gives ({@code --kafka.<key>}) wins.
 */
public final class AgentKafka {
  /**
   * One fetch holds at most 1 MiB (Kafka: 50 MiB, and 1 MiB per partition): about 2,000 checks,
   * several seconds of a busy region's work. Without it, an agent resuming over a backlog of a
   * topic with many partitions could take in more than its whole heap at once.
   */
  static final Map<String, String> CONSUMER = Map.of(
      "fetch.max.bytes", String.valueOf(1 << 20),
      "max.partition.fetch.bytes", String.valueOf(256 << 10));
  /**
   * Results waiting to be sent hold at most 4 MiB (Kafka: 32 MiB). Results in flight are bounded
   * by --max-concurrency anyway (a probe counts until its result is handed over), so this only
   * caps the producer's pooled batches.
   */
  static final Map<String, String> PRODUCER = Map.of(
      "buffer.memory", String.valueOf(4 << 20));

  private AgentKafka() {}

  public static Map<String, String> consumer(KafkaSettings kafka, String clientId, String groupId, String offsetReset) {
    return withDefaults(kafka.consumer(clientId, groupId, offsetReset), CONSUMER, kafka);
  }

  public static Map<String, String> producer(KafkaSettings kafka, String clientId) {
    return withDefaults(kafka.producer(clientId), PRODUCER, kafka);
  }

  private static Map<String, String> withDefaults(Map<String, String> config, Map<String, String> defaults,
      KafkaSettings kafka) {
    defaults.forEach((key, value) -> {
      if (!kafka.extra().containsKey(key)) {
        config.put(key, value);
      }
    });
    return config;
  }
}
