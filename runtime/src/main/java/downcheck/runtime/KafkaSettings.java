package downcheck.runtime;

import downcheck.model.wire.Topics;
import java.util.HashMap;
import java.util.Map;

/**
 * How to reach Kafka: bootstrap servers, this process's SASL login (null: none), any extra client
 * settings (TLS, ...) and the topic layout. Builds the configuration of each kind of client in one
 * place; an extra setting the operator gives wins over the login's.
 *
 * @param directPartitions partitions of the direct topic when it is created (each agent reads one)
 */
public record KafkaSettings(String bootstrap, Map<String, String> extra, Topics topics, int partitions, short replication,
    KafkaSasl sasl, int directPartitions) {
  public static final int DEFAULT_DIRECT_PARTITIONS = 12;

  public KafkaSettings {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
    topics = topics == null ? Topics.defaults() : topics;
    partitions = partitions <= 0 ? 6 : partitions;
    replication = replication <= 0 ? 1 : replication;
    directPartitions = directPartitions <= 0 ? DEFAULT_DIRECT_PARTITIONS : directPartitions;
  }

  /** With the default partitions of the direct topic. */
  public KafkaSettings(String bootstrap, Map<String, String> extra, Topics topics, int partitions, short replication,
      KafkaSasl sasl) {
    this(bootstrap, extra, topics, partitions, replication, sasl, DEFAULT_DIRECT_PARTITIONS);
  }

  /** Without a SASL login of its own (plain Kafka, or one given entirely as extra settings). */
  public KafkaSettings(String bootstrap, Map<String, String> extra, Topics topics, int partitions, short replication) {
    this(bootstrap, extra, topics, partitions, replication, null);
  }

  public Map<String, String> producer(String clientId) {
    Map<String, String> c = base(clientId);
    c.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    c.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    c.put("acks", "all");
    c.put("linger.ms", "0");
    c.put("delivery.timeout.ms", "15000");
    c.put("request.timeout.ms", "10000");
    c.put("max.block.ms", "5000");
    c.putAll(extra);
    return c;
  }

  public Map<String, String> consumer(String clientId, String groupId, String offsetReset) {
    Map<String, String> c = base(clientId);
    c.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    c.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    if (groupId != null) {
      c.put("group.id", groupId);
    }
    c.put("auto.offset.reset", offsetReset);
    c.put("enable.auto.commit", groupId != null ? "true" : "false");
    c.put("max.poll.records", "100");
    // a member that died without leaving holds its partitions for the session timeout: keep
    // it short, so a region's checks or the coordinators' results move on within seconds
    c.put("session.timeout.ms", "10000");
    c.put("heartbeat.interval.ms", "1000");
    c.put("fetch.max.wait.ms", "100");
    c.putAll(extra);
    return c;
  }

  public Map<String, String> admin(String clientId) {
    Map<String, String> c = base(clientId);
    c.put("request.timeout.ms", "10000");
    c.put("default.api.timeout.ms", "15000");
    c.putAll(extra);
    return c;
  }

  private Map<String, String> base(String clientId) {
    Map<String, String> c = new HashMap<>();
    c.put("bootstrap.servers", bootstrap);
    c.put("client.id", clientId);
    if (sasl != null) {
      c.putAll(sasl.clientSettings());
    }
    return c;
  }

  /** No secret in a log line: the login hides its password, and extra settings show their keys only. */
  @Override
  public String toString() {
    return "KafkaSettings[" + bootstrap + ", " + topics + ", " + partitions + " partitions (direct: " + directPartitions
        + "), replication " + replication
        + ", sasl " + sasl + ", extra keys " + new java.util.TreeSet<>(extra.keySet()) + "]";
  }
}
