package downcheck.testing;

import downcheck.agent.AgentConfig;
import downcheck.agent.AgentVerticle;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Probe agents in this JVM on a broker, each bound to its own loopback address as if on its own host. */
public final class TestAgents implements AutoCloseable {
  private final String bootstrap;
  private final Telemetry telemetry = Telemetry.create();
  private final Vertx vertx = telemetry.vertx();
  private final Map<String, String> deployments = new ConcurrentHashMap<>();

  public TestAgents(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** The Vert.x the agents run on: targets and canaries may share it. */
  public Vertx vertx() {
    return vertx;
  }

  /** The agents' own metrics, as Prometheus scrapes them. */
  public String scrape() {
    return telemetry.scrape();
  }

  /** Starts agent {@code region-a1} from {@code source}; returns its id. */
  public String start(String region, String source, String canaryUrl, String... moreFlags) {
    String agentId = region + "-a1";
    List<String> flags = new ArrayList<>(List.of("--region", region, "--agent-id", agentId, "--canaries", canaryUrl,
        "--max-concurrency", "16", "--source-address", source));
    flags.addAll(List.of(moreFlags));
    AgentConfig config = Configs.agent(bootstrap, flags.toArray(String[]::new));
    deployments.put(agentId, Wait.on(vertx.deployVerticle(new AgentVerticle(config, Clock.systemUTC(), telemetry))));
    return agentId;
  }

  /** Stops the agent as SIGTERM does: it finishes, says goodbye (a tombstone), and is gone. */
  public void stop(String agentId) {
    String id = deployments.remove(agentId);
    if (id != null) {
      Wait.on(vertx.undeploy(id));
    }
  }

  @Override
  public void close() {
    Wait.on(vertx.close());
  }
}
