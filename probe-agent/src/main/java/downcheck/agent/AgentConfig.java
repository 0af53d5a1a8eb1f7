package downcheck.agent;

import downcheck.agent.resolve.ResolverConfig;
import downcheck.model.agent.RegionName;
import downcheck.runtime.KafkaSettings;
import java.util.List;

/**
 * Everything one agent is told at start, validated; the defaults live with the flags in
 * {@link AgentOptions} and {@link AgentMain}.
 *
 * @param region              the region it probes from; new name = new region, nothing else to do
 * @param agentId             unique in the network
 * @param sourceAddress       local address its probe connections bind to, or null
 * @param allowPrivateTargets lift the SSRF guard (private deployments, tests)
 * @param canaries            endpoints that are almost never down, probed to ask "is it me?"
 * @param canaryIntervalMs    how often the canaries are probed
 * @param heartbeatIntervalMs how often the agent says it is alive; gone after three missed
 * @param maxConcurrency      probes in flight at most; above it the agent stops reading checks
 * @param probeMemoryBudgetBytes bytes the probes in flight may hold in total; past it a probe ends as ERROR
 * @param probeLanes          event loops the probes are spread over
 * @param httpPort            port of /health, /ready and /metrics; null = no HTTP server, 0 = any free port
 * @param resolver            how probes resolve names: hosts file, DNS servers, search domains
 * @param maxProbeProcesses   ping and mtr processes running at once; past it a ping or trace check is ERROR busy
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
    long probeMemoryBudgetBytes,
    int probeLanes,
    Integer httpPort,
    ResolverConfig resolver,
    int maxProbeProcesses) {

  public AgentConfig {
    if (!RegionName.isValid(region)) {
      throw new IllegalArgumentException("--region: '" + region
          + "' must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit");
    }
    if (agentId == null || agentId.isBlank()) {
      throw new IllegalArgumentException("--agent-id must not be blank");
    }
    canaries = List.copyOf(canaries);
    positive("--canary-interval-ms", canaryIntervalMs);
    positive("--heartbeat-interval-ms", heartbeatIntervalMs);
    positive("--max-concurrency", maxConcurrency);
    positive("--probe-memory-budget-bytes", probeMemoryBudgetBytes);
    positive("--probe-lanes", probeLanes);
    positive("--max-probe-processes", maxProbeProcesses);
    if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
      throw new IllegalArgumentException("--http-port: " + httpPort + " is not a port");
    }
  }

  private static void positive(String flag, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + ": " + value + " must be above 0");
    }
  }
}
