package downcheck.agent;

import downcheck.runtime.KafkaSettings;
import java.util.List;

/**
 * Everything one agent is told at start.
 *
 * @param region              the region it probes from; new name = new region, nothing else to do
 * @param agentId             unique in the network; defaults to region + a random suffix
 * @param sourceAddress       local address its probe connections bind to, or null
 * @param allowPrivateTargets lift the SSRF guard (private deployments, tests)
 * @param canaries            endpoints that are almost never down, probed to ask "is it me?"
 * @param canaryIntervalMs    how often the canaries are probed
 * @param heartbeatIntervalMs how often the agent says it is alive; gone after three missed
 * @param maxConcurrency      probes in flight at most; above it the agent stops reading checks
 * @param probeLanes          event loops the probes are spread over
 */
public record AgentConfig(
    KafkaSettings kafka,
    String region,
    String agentId,
    String sourceAddress,
    boolean allowPrivateTargets,
    List<String> canaries,
    long canaryIntervalMs,
    long heartbeatIntervalMs,
    int maxConcurrency,
    int probeLanes) {

  /** Public endpoints that are almost never all down at once; a real agent's default. */
  public static final List<String> DEFAULT_CANARIES = List.of(
      "https://www.google.com/generate_204",
      "https://www.cloudflare.com/cdn-cgi/trace",
      "https://www.microsoft.com/",
      "https://www.amazon.com/");

  public AgentConfig {
    if (region == null || !region.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("--region: '" + region + "' must be lower-case letters, digits and dashes");
    }
    if (agentId == null || agentId.isBlank()) {
      agentId = region + "-" + Long.toString(Math.abs(System.nanoTime() % 46656L), 36);
    }
    canaries = canaries == null ? DEFAULT_CANARIES : List.copyOf(canaries);
    canaryIntervalMs = canaryIntervalMs <= 0 ? 5000 : canaryIntervalMs;
    heartbeatIntervalMs = heartbeatIntervalMs <= 0 ? 3000 : heartbeatIntervalMs;
    maxConcurrency = maxConcurrency <= 0 ? 256 : maxConcurrency;
    probeLanes = probeLanes <= 0 ? Runtime.getRuntime().availableProcessors() : probeLanes;
  }
}
