package downcheck.coordinator.registry;

import java.time.Duration;

/**
 * What a coordinator takes from Kafka on trust; the defaults live with the flags in {@link TrustOptions}.
 *
 * @param maxAgents        agents the registry keeps at most
 * @param maxRegions       regions the registry keeps at most
 * @param unknownAgentWait how long a result of an agent not (yet) seen alive in its region waits for its heartbeat
 * @param maxVerdictChars  largest verdict record taken from Kafka
 */
public record TrustSettings(int maxAgents, int maxRegions, Duration unknownAgentWait, int maxVerdictChars) {
  public static final TrustSettings DEFAULT = new TrustSettings(10_000, 256, Duration.ofSeconds(5), 512 * 1024);

  public TrustSettings {
    if (maxAgents < 1 || maxRegions < 1) {
      throw new IllegalArgumentException("--max-agents and --max-regions must be at least 1 (" + maxAgents + ", "
          + maxRegions + ")");
    }
    if (unknownAgentWait.isNegative()) {
      throw new IllegalArgumentException("--unknown-agent-wait-ms must be at least 0 (" + unknownAgentWait.toMillis() + ")");
    }
    if (maxVerdictChars < 1024) {
      throw new IllegalArgumentException("--max-verdict-chars must be at least 1024 (" + maxVerdictChars + ")");
    }
  }
}
