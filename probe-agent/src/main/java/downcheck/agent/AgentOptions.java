package downcheck.agent;

import downcheck.agent.resolve.ResolverConfig;
import downcheck.runtime.KafkaSettings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How an agent probes, declared once: {@code downcheck agent} and {@code downcheck dev} (whose
 * agents take the same flags) both mix these in. Each flag's default and help live here only.
 */
public final class AgentOptions {
  /** Public endpoints that are almost never all down at once: a real agent's canaries. */
  public static final List<String> PUBLIC_CANARIES = List.of(
      "https://www.google.com/generate_204",
      "https://www.cloudflare.com/cdn-cgi/trace",
      "https://www.microsoft.com/",
      "https://www.amazon.com/");

  @Option(names = "--source-address", paramLabel = "IP",
      description = "Local address the probe connections bind to. Default: any.")
  String sourceAddress;

  @Option(names = "--dns-servers", split = ",", paramLabel = "HOST[:PORT]",
      description = "DNS servers the probes ask, in order; a failing one hands over to the next. "
          + "Default: the nameservers of /etc/resolv.conf.")
  List<String> dnsServers = List.of();

  @Option(names = "--hosts-file", paramLabel = "PATH",
      description = "Names listed here resolve to its addresses without DNS, as the system does (internal hosts, "
          + "container names); read when the agent starts. Default: /etc/hosts; an empty value reads none.")
  String hostsFile;

  @Option(names = "--dns-search", split = ",", paramLabel = "DOMAIN",
      description = "Domains tried with a short name (fewer dots than resolv.conf's ndots, 1 by default) before the "
          + "name alone. Default: the search line of /etc/resolv.conf; an empty value tries none.")
  List<String> dnsSearch;

  @Option(names = "--canaries", split = ",", paramLabel = "URL",
      description = "Endpoints that are almost never down, probed to tell \"is it me?\". "
          + "Default: four public endpoints (Google, Cloudflare, Microsoft, Amazon); in dev, the coordinator's own /health.")
  List<String> canaries;

  @Option(names = "--canary-interval-ms", defaultValue = "5000", paramLabel = "N",
      description = "How often the canaries are probed.")
  long canaryIntervalMs;

  @Option(names = "--heartbeat-interval-ms", defaultValue = "3000", paramLabel = "N",
      description = "How often the agent says it is alive; it is gone after three missed.")
  long heartbeatIntervalMs;

  @Option(names = "--max-concurrency", defaultValue = "256", paramLabel = "N",
      description = "Probes in flight at most; above it the agent stops reading checks.")
  int maxConcurrency;

  @Option(names = "--probe-memory-budget-bytes", defaultValue = "16777216", paramLabel = "N",
      description = "Bytes the probes in flight may hold in total (response heads, body searches, connections); "
          + "a probe that would pass it ends as ERROR, not evidence. Sized for the launcher's 40 MB heap.")
  long probeMemoryBudgetBytes;

  @Option(names = "--probe-lanes", defaultValue = "0", paramLabel = "N",
      description = "Event loops the probes are spread over; 0 = one per core.")
  int probeLanes;

  @Option(names = "--max-probe-processes", defaultValue = "4", paramLabel = "N",
      description = "ping and mtr processes (ping and trace checks) running at once; past it such a check answers ERROR busy, nothing queues.")
  int maxProbeProcesses;

  /** The canaries given, or {@code fallback} when none were (an empty value means none at all). */
  public List<String> canariesOr(List<String> fallback) {
    return canaries == null ? fallback : canaries.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * One agent's config with these options; {@code defaultCanaries} when {@code --canaries} was not
   * given; {@code allowPrivateTargets} from the network's {@code TargetPolicyOptions}.
   */
  public AgentConfig config(KafkaSettings kafka, String region, String agentId, List<String> defaultCanaries,
      Integer httpPort, boolean allowPrivateTargets) {
    return config(kafka, region, agentId, defaultCanaries, httpPort, allowPrivateTargets,
        Runtime.getRuntime().availableProcessors());
  }

  /** As above; {@code defaultLanes} when {@code --probe-lanes} was not given (several agents in one process share the cores). */
  public AgentConfig config(KafkaSettings kafka, String region, String agentId, List<String> defaultCanaries,
      Integer httpPort, boolean allowPrivateTargets, int defaultLanes) {
    return new AgentConfig(kafka, region, agentId, sourceAddress, allowPrivateTargets, canariesOr(defaultCanaries),
        canaryIntervalMs, heartbeatIntervalMs, maxConcurrency, probeMemoryBudgetBytes,
        probeLanes == 0 ? defaultLanes : probeLanes, httpPort,
        ResolverConfig.of(dnsServers.stream().map(String::strip).filter(s -> !s.isEmpty()).toList(), hostsFile, dnsSearch),
        maxProbeProcesses);
  }
}
