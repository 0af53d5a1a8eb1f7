package downcheck.runtime.settings;

import downcheck.model.wire.Topics;
import downcheck.runtime.KafkaSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How to reach Kafka, shared by every executable that talks to it. Client settings given as
 * {@code --kafka.<key>=<value>} (or {@code DOWNCHECK_KAFKA_<KEY>}) are collected by
 * {@link Commands} before picocli parses the rest, since picocli has no wildcard options.
 */
public final class KafkaOptions {
  @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
      description = "Kafka bootstrap servers, host:port[,host:port]. Required.")
  String bootstrap;

  @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, paramLabel = "P",
      description = "Prefix of the topic names.")
  String topicPrefix;

  @Option(names = "--partitions", defaultValue = "6", paramLabel = "N",
      description = "Partitions of the topics created on start when missing.")
  int partitions;

  @Option(names = "--replication", defaultValue = "1", paramLabel = "N",
      description = "Replication factor of the topics created on start when missing.")
  short replication;

  private final Map<String, String> clientSettings = new LinkedHashMap<>();

  void addClientSettings(Map<String, String> settings) {
    clientSettings.putAll(settings);
  }

  /** The bootstrap servers given, or null. */
  public String bootstrap() {
    return bootstrap;
  }

  /** The settings with the bootstrap servers given on the command line; fails naming the flag when none was. */
  public KafkaSettings settings() {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new SettingException("--kafka is required (or " + EnvDefaults.PREFIX + "KAFKA): the Kafka bootstrap servers");
    }
    return settings(bootstrap);
  }

  /** The settings against these bootstrap servers (the dev network's own broker). */
  public KafkaSettings settings(String bootstrapServers) {
    if (partitions < 1 || replication < 1) {
      throw new SettingException("--partitions and --replication must be at least 1");
    }
    return new KafkaSettings(bootstrapServers, clientSettings, new Topics(topicPrefix), partitions, replication);
  }
}
