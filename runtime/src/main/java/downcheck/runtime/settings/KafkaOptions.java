package downcheck.runtime.settings;

import downcheck.model.wire.Topics;
import downcheck.runtime.KafkaSasl;
import downcheck.runtime.KafkaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Option(names = "--direct-partitions", defaultValue = "12", paramLabel = "N",
      description = "Partitions of the direct topic (checks for chosen agents) when created on start; each agent "
          + "reads the one its id hashes to.")
  int directPartitions;

  @Option(names = "--replication", defaultValue = "1", paramLabel = "N",
      description = "Replication factor of the topics created on start when missing.")
  short replication;

  @Option(names = "--kafka-security-protocol", defaultValue = "PLAINTEXT", paramLabel = "P",
      description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. With SASL, --kafka-sasl-username and "
          + "--kafka-sasl-password-file are this process's principal (docs/operations.md: one per role).")
  String securityProtocol;

  @Option(names = "--kafka-sasl-mechanism", defaultValue = "SCRAM-SHA-512", paramLabel = "M",
      description = "SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN.")
  String saslMechanism;

  @Option(names = "--kafka-sasl-username", paramLabel = "NAME",
      description = "The Kafka user this process logs in as. Default: none.")
  String saslUsername;

  @Option(names = "--kafka-sasl-password-file", paramLabel = "FILE",
      description = "A file holding the Kafka user's password (a trailing newline is ignored); never a flag's value. "
          + "Default: none.")
  Path saslPasswordFile;

  /** A password file larger than this is no password file. */
  static final int MAX_PASSWORD_FILE_BYTES = 4096;

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
    if (partitions < 1 || replication < 1 || directPartitions < 1) {
      throw new SettingException("--partitions, --direct-partitions and --replication must be at least 1");
    }
    return new KafkaSettings(bootstrapServers, clientSettings, new Topics(topicPrefix), partitions, replication, sasl(),
        directPartitions);
  }

  /**
   * The SASL login the flags describe, or null for none. The password file is read only when a
   * user is named, so a manifest may point at a Secret's file that exists only with SASL on.
   */
  private KafkaSasl sasl() {
    String protocol = securityProtocol == null ? "PLAINTEXT" : securityProtocol.strip();
    boolean saslProtocol = KafkaSasl.PROTOCOLS.contains(protocol);
    boolean named = saslUsername != null && !saslUsername.isBlank();
    if (!saslProtocol && !protocol.equals("PLAINTEXT") && !protocol.equals("SSL")) {
      throw new SettingException("--kafka-security-protocol " + protocol
          + ": one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
    }
    if (!named) {
      // a login given whole as --kafka.sasl.jaas.config (a password in a flag: docs/operations.md says why not)
      if (saslProtocol && !clientSettings.containsKey("sasl.jaas.config")) {
        throw new SettingException("--kafka-security-protocol " + protocol
            + " needs --kafka-sasl-username and --kafka-sasl-password-file");
      }
      if (KafkaSasl.PROTOCOLS.contains(clientSettings.getOrDefault("security.protocol", protocol))) {
        clientSettings.putIfAbsent("sasl.mechanism", saslMechanism.strip());
      }
      if (!protocol.equals("PLAINTEXT")) {
        clientSettings.putIfAbsent("security.protocol", protocol);
      }
      return null;
    }
    if (!saslProtocol) {
      throw new SettingException("--kafka-sasl-username " + saslUsername.strip()
          + " needs --kafka-security-protocol SASL_PLAINTEXT or SASL_SSL (not " + protocol + ")");
    }
    if (saslPasswordFile == null) {
      throw new SettingException("--kafka-sasl-username " + saslUsername.strip() + " needs --kafka-sasl-password-file");
    }
    try {
      return new KafkaSasl(protocol, saslMechanism.strip(), saslUsername.strip(), readPassword(saslPasswordFile));
    } catch (IllegalArgumentException e) {
      throw new SettingException(e.getMessage());
    }
  }

  /** The file's content without its trailing line break; errors name the file, never its content. */
  static String readPassword(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new SettingException("--kafka-sasl-password-file " + file + ": no such file");
      }
      if (Files.size(file) > MAX_PASSWORD_FILE_BYTES) {
        throw new SettingException("--kafka-sasl-password-file " + file + ": larger than " + MAX_PASSWORD_FILE_BYTES
            + " bytes, not a password");
      }
      String password = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
      if (password.isEmpty()) {
        throw new SettingException("--kafka-sasl-password-file " + file + " is empty");
      }
      return password;
    } catch (IOException e) {
      throw new SettingException("--kafka-sasl-password-file " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
  }
}
