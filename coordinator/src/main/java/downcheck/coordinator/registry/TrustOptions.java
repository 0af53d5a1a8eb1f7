package downcheck.coordinator.registry;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How much a coordinator takes from Kafka on trust, mixed into the coordinator's flags: each
 * default and help declared here only (docs/security.md, "Kafka: who may write what").
 */
public final class TrustOptions {
  @Option(names = "--max-agents", defaultValue = "10000", paramLabel = "N",
      description = "Agents the registry keeps; a heartbeat of one more (when none of those known has gone silent) "
          + "is dropped and counted.")
  int maxAgents;

  @Option(names = "--max-regions", defaultValue = "256", paramLabel = "N",
      description = "Regions the registry keeps; a heartbeat naming one more is dropped and counted.")
  int maxRegions;

  @Option(names = "--unknown-agent-wait-ms", defaultValue = "5000", paramLabel = "N",
      description = "How long a result from an agent not seen alive in its region waits for that agent's heartbeat "
          + "before it is dropped and counted (the two topics are read apart).")
  long unknownAgentWaitMs;

  @Option(names = "--max-verdict-chars", defaultValue = "524288", paramLabel = "N",
      description = "Largest verdict record read from Kafka; a larger one is dropped and counted, never streamed.")
  int maxVerdictChars;

  public TrustSettings settings() {
    return new TrustSettings(maxAgents, maxRegions, Duration.ofMillis(unknownAgentWaitMs), maxVerdictChars);
  }
}
