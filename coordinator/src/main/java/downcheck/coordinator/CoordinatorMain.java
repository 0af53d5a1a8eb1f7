package downcheck.coordinator;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.store.HazelcastSetup;
import downcheck.model.wire.Topics;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.Options;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar downcheck-coordinator.jar coordinator --kafka BOOTSTRAP [...]} runs a
 * coordinator against an existing Kafka cluster; {@code ... dev [...]} runs the whole network
 * in this process (see {@link DevNetwork}).
 */
public final class CoordinatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorMain.class);
  static final List<String> FLAGS = List.of("allow-private-targets", "help");

  private CoordinatorMain() {}

  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args, System.getenv(), FLAGS);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
      return;
    }
    String command = o.positional().isEmpty() ? "coordinator" : o.positional().get(0);
    if (o.flag("help")) {
      System.out.println(usage());
      return;
    }
    try {
      switch (command) {
        case "coordinator" -> runCoordinator(o);
        default -> fail("unknown command '" + command + "'");
      }
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    } catch (RuntimeException e) {
      // a port taken, a broker that would not start: say it plainly and stop
      LOG.error("downcheck {} did not start: {}", command, e.getMessage(), e);
      System.exit(1);
    }
  }

  private static void runCoordinator(Options o) {
    CoordinatorConfig config = fromOptions(o, o.require("kafka"));
    HazelcastInstance hz = HazelcastSetup.start(config.hazelcastCluster(), config.hazelcastMembers(),
        config.hazelcastInterface(), config.hazelcastPort(), config.checkTtl().toSeconds());
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new CoordinatorVerticle(config, hz, Clock.systemUTC()))
        .onFailure(err -> {
          LOG.error("coordinator did not start: {}", err.toString());
          vertx.close().onComplete(v -> {
            hz.shutdown();
            System.exit(1);
          });
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().await();
      hz.shutdown();
    }, "downcheck-coordinator-shutdown"));
  }

  public static CoordinatorConfig fromOptions(Options o, String bootstrap) {
    KafkaSettings kafka = kafkaSettings(o, bootstrap);
    return new CoordinatorConfig(kafka, o.get("coordinator-id", null), o.get("http-host", "0.0.0.0"),
        o.intValue("http-port", 8080), o.get("hazelcast-cluster", "downcheck"), o.list("hazelcast-members", List.of()),
        o.get("hazelcast-interface", o.has("hazelcast-members") ? null : "127.0.0.1"), o.intValue("hazelcast-port", 5701),
        Duration.ofSeconds(o.intValue("check-ttl-seconds", 3600)), Duration.ofMillis(o.intValue("deadline-grace-ms", 2000)),
        Duration.ofSeconds(o.intValue("coalesce-seconds", 5)), new HashSet<>(o.list("api-keys", List.of())),
        o.intValue("client-checks-per-minute", 60), o.intValue("target-checks-per-minute", 30));
  }

  public static KafkaSettings kafkaSettings(Options o, String bootstrap) {
    return new KafkaSettings(bootstrap, o.kafka(), new Topics(o.get("topic-prefix", Topics.DEFAULT_PREFIX)),
        o.intValue("partitions", 6), (short) o.intValue("replication", 1));
  }

  private static void fail(String message) {
    System.err.println("downcheck: " + message);
    System.err.println(usage());
    System.exit(2);
  }

  static String usage() {
    return """
        usage: downcheck dev [--http-port 8080] [--regions eu-west,us-east,ap-south] [--embedded-kafka HOST:PORT]
                             [--allow-private-targets] [--canaries URL,URL]
               downcheck coordinator --kafka BOOTSTRAP [options]
          --http-port N               HTTP API port (default 8080)
          --http-host ADDR            HTTP bind address (default 0.0.0.0)
          --hazelcast-cluster NAME    coordinators of one cluster share check state (default downcheck)
          --hazelcast-members H,H     the other coordinators (host[:port]); none = alone
          --hazelcast-interface ADDR  interface Hazelcast binds to
          --coalesce-seconds N        a check answers the same question until N s after its deadline (default 5; 0 = never)
          --api-keys K,K              keys that may submit checks (Authorization: Bearer K); none = open
          --client-checks-per-minute N   per client (key, or address), else 429 (default 60; 0 = no limit)
          --target-checks-per-minute N   new probe sets to one host, all coordinators (default 30; 0 = no limit)
          --topic-prefix P            default downcheck.
          --partitions N              partitions of topics created on start (default 6)
          --replication N             replication of topics created on start (default 1)
          --kafka.<key>=<value>       any Kafka client setting (TLS, SASL, ...)
        Every option may also be given as DOWNCHECK_<NAME> (DOWNCHECK_KAFKA_<KEY> for Kafka).""";
  }
}
