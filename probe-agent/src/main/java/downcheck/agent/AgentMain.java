package downcheck.agent;

import downcheck.model.wire.Topics;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.Options;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar downcheck-agent.jar --kafka HOST:PORT --region NAME [--agent-id ID]
 * [--source-address IP] [--allow-private-targets] [--canaries URL,URL] [--kafka.<key>=<value>]}.
 * A new region name is a new region: nothing else changes anywhere.
 */
public final class AgentMain {
  private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);
  public static final List<String> FLAGS = List.of("allow-private-targets", "help");

  private AgentMain() {}

  public static void main(String[] args) {
    Options o;
    AgentConfig config;
    try {
      o = Options.parse(args, System.getenv(), FLAGS);
      if (o.flag("help")) {
        System.out.println(usage());
        return;
      }
      config = fromOptions(o, o.require("kafka"), o.require("region"));
    } catch (IllegalArgumentException e) {
      System.err.println("downcheck agent: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new AgentVerticle(config, Clock.systemUTC()))
        .onFailure(err -> {
          LOG.error("agent did not start: {}", err.toString());
          vertx.close().onComplete(v -> System.exit(1));
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await(), "downcheck-agent-shutdown"));
  }

  public static AgentConfig fromOptions(Options o, String bootstrap, String region) {
    KafkaSettings kafka = new KafkaSettings(bootstrap, o.kafka(), new Topics(o.get("topic-prefix", Topics.DEFAULT_PREFIX)),
        o.intValue("partitions", 6), (short) o.intValue("replication", 1));
    return new AgentConfig(kafka, region, o.get("agent-id", null), o.get("source-address", null),
        o.flag("allow-private-targets"), o.list("canaries", AgentConfig.DEFAULT_CANARIES),
        o.intValue("canary-interval-ms", 5000), o.intValue("heartbeat-interval-ms", 3000),
        o.intValue("max-concurrency", 256), o.intValue("probe-lanes", 0));
  }

  static String usage() {
    return """
        usage: downcheck agent --kafka BOOTSTRAP --region NAME [options]
          --agent-id ID             unique agent name (default: region + random suffix)
          --source-address IP       bind outgoing probe connections to this local address
          --allow-private-targets   allow loopback/private targets (private deployments, tests)
          --canaries URL,URL        endpoints probed to tell "is it me?" (default: public ones)
          --canary-interval-ms N    default 5000
          --heartbeat-interval-ms N default 3000
          --max-concurrency N       probes in flight at most (default 256)
          --probe-lanes N           event loops the probes are spread over (default: one per core)
          --topic-prefix P          default downcheck.
          --kafka.<key>=<value>     any Kafka client setting (TLS, SASL, ...)
        Every option may also be given as DOWNCHECK_<NAME> (DOWNCHECK_KAFKA_<KEY> for Kafka).""";
  }
}
