package downcheck.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One principal's SASL login to Kafka: the security protocol, the mechanism, and the user's name
 * and password (read from a file by {@code KafkaOptions}, never given on a command line). The
 * password shows in no {@link #toString()}, and Kafka's clients log {@code sasl.jaas.config} as
 * {@code [hidden]}.
 */
public record KafkaSasl(String protocol, String mechanism, String username, String password) {
  public static final Set<String> PROTOCOLS = Set.of("SASL_PLAINTEXT", "SASL_SSL");
  public static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

  public KafkaSasl {
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException("--kafka-security-protocol " + protocol + " is no SASL protocol: one of "
          + PROTOCOLS);
    }
    if (!MECHANISMS.contains(mechanism)) {
      throw new IllegalArgumentException("--kafka-sasl-mechanism " + mechanism + ": one of " + MECHANISMS);
    }
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("--kafka-sasl-username: missing");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("the Kafka password of " + username + " is empty");
    }
  }

  /** The client settings of this login. */
  public Map<String, String> clientSettings() {
    Map<String, String> c = new HashMap<>();
    c.put("security.protocol", protocol);
    c.put("sasl.mechanism", mechanism);
    String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    c.put("sasl.jaas.config", module + " required username=" + quoted(username) + " password=" + quoted(password) + ";");
    return c;
  }

  /** A JAAS option value: double quotes, with backslashes and quotes escaped. */
  static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public String toString() {
    return "KafkaSasl[" + protocol + ", " + mechanism + ", user " + username + ", password hidden]";
  }
}
