package downcheck.coordinator;

import downcheck.coordinator.agenttrust.AgentTrustOptions;
import downcheck.runtime.KafkaSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import downcheck.coordinator.http.KeyOptions;
import downcheck.coordinator.monitor.MonitorOptions;
import downcheck.coordinator.opinion.SecondOpinionOptions;
import downcheck.coordinator.path.PathOptions;
import downcheck.coordinator.monitor.MonitorSettings;
import downcheck.coordinator.monitor.channel.ChannelOptions;
import downcheck.coordinator.monitor.channel.ChannelSettings;
import downcheck.coordinator.operator.OperatorOptions;
import downcheck.coordinator.secrets.SecretsOptions;
import downcheck.coordinator.registry.TrustOptions;
import downcheck.coordinator.store.LinkOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A coordinator's flags, declared once: {@code downcheck coordinator} and {@code downcheck dev}
 * both mix these in. Each flag's default and help live here only.
 */
public final class CoordinatorOptions {
  /** The cluster name of a coordinator alone; clustered ones must be given another (CoordinatorMain). */
  public static final String DEFAULT_CLUSTER = "downcheck";

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "N",
      description = "Port of the HTTP API and the web page (0 = any free one).")
  int httpPort;

  @Option(names = "--http-host", defaultValue = "0.0.0.0", paramLabel = "ADDR",
      description = "Address the HTTP API binds to.")
  String httpHost;

  @Option(names = "--coordinator-id", paramLabel = "ID",
      description = "Unique per coordinator process (Kafka client ids). Default: random.")
  String coordinatorId;

  @Option(names = "--hazelcast-cluster", defaultValue = DEFAULT_CLUSTER, paramLabel = "NAME",
      description = "Coordinators with the same cluster name share check state. Required, and not the default, "
          + "with --hazelcast-members or --hazelcast-kubernetes-service-dns.")
  String hazelcastCluster;

  @Option(names = "--hazelcast-members", split = ",", paramLabel = "HOST[:PORT]",
      description = "The other coordinators. Default: none, the coordinator is alone.")
  List<String> hazelcastMembers = List.of();

  @Option(names = "--hazelcast-kubernetes-service-dns", paramLabel = "NAME",
      description = "In Kubernetes: the headless Service whose DNS name lists the coordinators' pods "
          + "(e.g. downcheck-coordinator-hazelcast.downcheck.svc.cluster.local), instead of --hazelcast-members.")
  String hazelcastKubernetesServiceDns;

  @Option(names = "--hazelcast-interface", paramLabel = "ADDR",
      description = "The one address Hazelcast binds to. Default: 127.0.0.1 when alone; with members or in Kubernetes "
          + "the one address Hazelcast picks (never every interface): name it on a host with several.")
  String hazelcastInterface;

  @Option(names = "--hazelcast-port", defaultValue = "5701", paramLabel = "N",
      description = "First port Hazelcast tries; the next ones when it is taken.")
  int hazelcastPort;

  @Option(names = "--check-ttl-seconds", defaultValue = "3600", paramLabel = "N",
      description = "How long a check is kept.")
  long checkTtlSeconds;

  @Option(names = "--deadline-grace-ms", defaultValue = "2000", paramLabel = "N",
      description = "Time after a check's timeout for results to come back.")
  long deadlineGraceMs;

  @Option(names = "--coalesce-seconds", defaultValue = "5", paramLabel = "N",
      description = "A check answers the same question until N s after its deadline; 0 = never.")
  long coalesceSeconds;

  @Option(names = "--api-keys", split = ",", paramLabel = "KEY",
      description = "Keys that may submit checks and own monitors (Authorization: Bearer KEY), in plain text: for "
          + "development; in production give their hashes (--api-key-hashes-file). Default: none, keys are off.")
  List<String> apiKeys = List.of();

  @Option(names = "--client-checks-per-minute", defaultValue = "60", paramLabel = "N",
      description = "Checks one client (its key, or its address) may submit a minute, else 429; 0 = no limit.")
  int clientChecksPerMinute;

  @Option(names = "--target-checks-per-minute", defaultValue = "30", paramLabel = "N",
      description = "New sets of probes to one host a minute, across all coordinators, else 429; 0 = no limit.")
  int targetChecksPerMinute;

  @Option(names = "--max-submits-in-flight", defaultValue = "256", paramLabel = "N",
      description = "Check submissions this coordinator works on at once; past it a submission is answered 503 with "
          + "Retry-After at once, so a crowd past capacity is turned away and memory stays flat.")
  int maxSubmitsInFlight;

  @Option(names = "--max-open-checks", defaultValue = "1000", paramLabel = "N",
      description = "Checks this coordinator started that are not final yet; past it a submission that would send "
          + "probes is answered 503 with Retry-After, so the checks it took still end with their answer "
          + "instead of waiting behind a crowd until their deadline.")
  int maxOpenChecks;

  @Option(names = "--http-instances", defaultValue = "0", paramLabel = "N",
      description = "Event loops that serve the HTTP API, on one port; 0 = one per core.")
  int httpInstances;

  @Option(names = "--stream-heartbeat-ms", defaultValue = "15000", paramLabel = "N",
      description = "How often every live stream (/api/v1/stream, a check's and a monitor's events) sends a "
          + "': heartbeat' comment, so that proxies, clients and --http-idle-timeout-ms keep a quiet stream open.")
  long streamHeartbeatMs;

  @Mixin
  MonitorOptions monitors = new MonitorOptions();

  @Mixin
  SecretsOptions secrets = new SecretsOptions();

  @Mixin
  KeyOptions keyHashes = new KeyOptions();

  @Mixin
  CrowdOptions crowd = new CrowdOptions();

  @Mixin
  TrustOptions trust = new TrustOptions();

  @Mixin
  ChannelOptions channels = new ChannelOptions();

  @Mixin
  OperatorOptions operator = new OperatorOptions();

  @Mixin
  LinkOptions links = new LinkOptions();

  @Mixin
  AgentTrustOptions agentTrust = new AgentTrustOptions();

  @Mixin
  SecondOpinionOptions opinions = new SecondOpinionOptions();

  @Mixin
  PathOptions paths = new PathOptions();

  /** The config these flags describe; {@code allowPrivateTargets} from the network's {@code TargetPolicyOptions}. */
  public CoordinatorConfig config(KafkaSettings kafka, boolean allowPrivateTargets) {
    String id = coordinatorId != null ? coordinatorId : "c" + Long.toString(Math.abs(System.nanoTime() % 1_679_616L), 36);
    List<String> members = hazelcastMembers.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    String serviceDns = hazelcastKubernetesServiceDns == null || hazelcastKubernetesServiceDns.isBlank()
        ? null : hazelcastKubernetesServiceDns.strip();
    boolean alone = members.isEmpty() && serviceDns == null;
    MonitorSettings monitorSettings = monitors.settings(allowPrivateTargets);
    ChannelSettings channelSettings = channels.settings();
    String bindTo = hazelcastInterface != null ? hazelcastInterface : alone ? "127.0.0.1" : null;
    return new CoordinatorConfig(kafka, id, httpHost, httpPort, hazelcastCluster, members, serviceDns, bindTo, hazelcastPort,
        Duration.ofSeconds(checkTtlSeconds), Duration.ofMillis(deadlineGraceMs), Duration.ofSeconds(coalesceSeconds),
        new HashSet<>(apiKeys.stream().map(String::strip).filter(s -> !s.isEmpty()).toList()),
        clientChecksPerMinute, targetChecksPerMinute, maxSubmitsInFlight, maxOpenChecks,
        httpInstances > 0 ? httpInstances : Runtime.getRuntime().availableProcessors(),
        Duration.ofMillis(streamHeartbeatMs), allowPrivateTargets,
        monitorSettings, secrets.key(), keyHashes.hashes(), crowd.limits(), trust.settings(),
        channelSettings, operator.settings(monitorSettings.webhookPolicy(), channelSettings.emailOn()), links.settings(),
        agentTrust.settings(), opinions.settings(), paths.settings());
  }
}
