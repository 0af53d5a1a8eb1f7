package downcheck.agent;

import downcheck.runtime.KafkaSettings;
import downcheck.runtime.settings.Commands;
import downcheck.runtime.settings.TargetPolicyOptions;
import downcheck.runtime.settings.KafkaOptions;
import downcheck.runtime.settings.ManifestVersion;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar downcheck-agent.jar --kafka HOST:PORT --region NAME [...]}: one probe agent.
 * A new region name is a new region: nothing else changes anywhere.
 */
@Command(name = "downcheck agent", sortOptions = false, mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class, usageHelpAutoWidth = true,
    description = "A probe agent: takes its region's checks from Kafka, probes the targets, reports back.",
    footer = Commands.FOOTER)
public final class AgentMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--region", paramLabel = "NAME",
      description = "The region it probes from: lower-case letters, digits and dashes. A new name is a new region. Required.")
  String region;

  @Option(names = "--agent-id", paramLabel = "ID",
      description = "Unique name in the network. Default: the region and a random suffix.")
  String agentId;

  @Option(names = "--http-port", paramLabel = "N",
      description = "Serve /health, /ready and /metrics on this port (0 = any free one). Default: off.")
  Integer httpPort;

  @Mixin
  AgentOptions agent;

  @Mixin
  TargetPolicyOptions policy;

  public static void main(String[] args) {
    Commands.main(new AgentMain(), args);
  }

  /** The agent these flags describe. */
  public AgentConfig config() {
    if (region == null) {
      throw new IllegalArgumentException("--region is required (or DOWNCHECK_REGION): the region this agent probes from");
    }
    KafkaSettings settings = kafka.settings();
    String id = agentId != null ? agentId : region + "-" + Long.toString(Math.abs(System.nanoTime() % 46656L), 36);
    return agent.config(settings, region, id, AgentOptions.PUBLIC_CANARIES, httpPort, policy.allowPrivateTargets());
  }

  /**
   * SIGTERM: the agent stops within its budget even when Kafka is gone, so a platform's grace
   * period (Docker's 10 s) never ends in a kill; past the budget the JVM exits anyway.
   */
  private static void stop(Vertx vertx) {
    try {
      vertx.close().await(AgentVerticle.STOP_BUDGET_MS + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("agent not stopped cleanly within {} ms; exiting", AgentVerticle.STOP_BUDGET_MS + 1000);
    }
  }

  @Override
  public Integer call() {
    AgentConfig config = config();
    Telemetry telemetry = Telemetry.create();
    // the Kafka client hands each send to a worker thread, and a pool creates a thread per task up to
    // its size: 8 take the agent's sends (each a few microseconds) where Vert.x's default 20 idle
    Vertx vertx = telemetry.vertx(new VertxOptions().setWorkerPoolSize(8));
    vertx.deployVerticle(new AgentVerticle(config, Clock.systemUTC(), telemetry))
        .onFailure(err -> {
          LOG.error("agent did not start: {}", err.toString());
          vertx.close().onComplete(v -> System.exit(1));
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx), "downcheck-agent-shutdown"));
    return 0;
  }
}
