package downcheck.coordinator;

import downcheck.coordinator.agenttrust.AgentTrustSettings;
import downcheck.coordinator.http.KeyHashes;
import downcheck.coordinator.monitor.MonitorSettings;
import downcheck.coordinator.opinion.SecondOpinionSettings;
import downcheck.coordinator.path.PathSettings;
import downcheck.coordinator.monitor.channel.ChannelSettings;
import downcheck.coordinator.operator.OperatorSettings;
import downcheck.coordinator.secrets.SecretsKey;
import downcheck.coordinator.store.LinkSettings;
import downcheck.coordinator.registry.TrustSettings;
import downcheck.runtime.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A coordinator's settings, validated; the defaults live with the flags in {@link CoordinatorOptions}.
 *
 * @param coordinatorId      unique per coordinator process (client ids, its own stream consumer)
 * @param httpHost           the HTTP API's bind address
 * @param httpPort           the HTTP API's port (0 = any free one)
 * @param hazelcastCluster   coordinators with the same cluster name share check state
 * @param hazelcastMembers   other coordinators' addresses (host[:port]); empty = alone
 * @param hazelcastKubernetesServiceDns a headless Service's DNS name listing the coordinators' pods; null = none
 * @param hazelcastInterface the interface Hazelcast binds to; null = Hazelcast's choice
 * @param checkTtl           how long a check is kept
 * @param deadlineGrace      time after a check's timeout for results to come back
 * @param coalesceWindow     how long after its deadline a check still answers the same question; 0 = never
 * @param apiKeys            keys that may submit checks; empty = submitting is open
 * @param clientChecksPerMinute   checks one client may submit a minute; 0 = no limit
 * @param targetChecksPerMinute   new sets of probes to one host a minute, across coordinators; 0 = no limit
 * @param maxSubmitsInFlight      submissions worked on at once; past it a submission is answered 503 (shed)
 * @param maxOpenChecks           checks started here and not final yet; past it a submission that would probe is shed
 * @param httpInstances           event loops serving the HTTP API, on one port
 * @param streamHeartbeat         how often the live stream sends a heartbeat comment
 * @param allowPrivateTargets     the network probes private and loopback targets: the agents are told the same
 * @param monitors         the monitors' limits and notification settings
 * @param secrets          the coordinators' shared secret (docs/security.md); random for this process when none is given
 * @param keyHashes        API keys given as SHA-256 hashes, besides {@code apiKeys}; keys are on when either has one
 * @param crowd            what a crowd of clients may hold: connections, streams, history, checks kept, the monitors' share
 * @param trust            what is taken from Kafka on trust: the registry's caps, the wait for an unknown agent, the verdict cap
 * @param channels         where the alert channels' services are and how email is sent
 * @param operator         who the operator is told through of silent agents, lost regions and impaired agents, and when
 * @param links            how long a final check's link lasts, and the memory the kept checks may take
 * @param agentTrust       when an agent's trust record quarantines it (docs/consensus.md, "The trust record")
 * @param paths            how long a check waits for the traces that compare a failing and a healthy path, and how many at once
 */
public record CoordinatorConfig(
    KafkaSettings kafka,
    String coordinatorId,
    String httpHost,
    int httpPort,
    String hazelcastCluster,
    List<String> hazelcastMembers,
    String hazelcastKubernetesServiceDns,
    String hazelcastInterface,
    int hazelcastPort,
    Duration checkTtl,
    Duration deadlineGrace,
    Duration coalesceWindow,
    Set<String> apiKeys,
    int clientChecksPerMinute,
    int targetChecksPerMinute,
    int maxSubmitsInFlight,
    int maxOpenChecks,
    int httpInstances,
    Duration streamHeartbeat,
    boolean allowPrivateTargets,
    MonitorSettings monitors,
    SecretsKey secrets,
    KeyHashes keyHashes,
    CrowdLimits crowd,
    TrustSettings trust,
    ChannelSettings channels,
    OperatorSettings operator,
    LinkSettings links,
    AgentTrustSettings agentTrust,
    SecondOpinionSettings opinions,
    PathSettings paths) {

  public CoordinatorConfig {
    hazelcastMembers = List.copyOf(hazelcastMembers);
    apiKeys = Set.copyOf(apiKeys);
    if (httpPort < 0 || httpPort > 65535 || hazelcastPort <= 0 || hazelcastPort > 65535) {
      throw new IllegalArgumentException("--http-port and --hazelcast-port must be ports (" + httpPort + ", " + hazelcastPort + ")");
    }
    if (!hazelcastMembers.isEmpty() && hazelcastKubernetesServiceDns != null) {
      // two ways of finding the others would be two clusters' worth of guessing: one at a time
      throw new IllegalArgumentException("--hazelcast-members " + String.join(",", hazelcastMembers)
          + " and --hazelcast-kubernetes-service-dns " + hazelcastKubernetesServiceDns + " exclude each other: give one");
    }
    if (checkTtl.isNegative() || checkTtl.isZero() || deadlineGrace.isNegative() || coalesceWindow.isNegative()) {
      throw new IllegalArgumentException("--check-ttl-seconds must be above 0, --deadline-grace-ms and --coalesce-seconds at least 0");
    }
    if (clientChecksPerMinute < 0 || targetChecksPerMinute < 0) {
      throw new IllegalArgumentException("--client-checks-per-minute and --target-checks-per-minute must be at least 0");
    }
    if (maxSubmitsInFlight < 1) {
      throw new IllegalArgumentException("--max-submits-in-flight must be at least 1 (" + maxSubmitsInFlight + ")");
    }
    if (maxOpenChecks < 1) {
      throw new IllegalArgumentException("--max-open-checks must be at least 1 (" + maxOpenChecks + ")");
    }
    if (crowd.checksPerNode() < maxOpenChecks) {
      // below it, the checks in flight would push each other out before they are answered
      throw new IllegalArgumentException("--max-checks-held must be at least --max-open-checks ("
          + crowd.checksPerNode() + ", " + maxOpenChecks + ")");
    }
    if (httpInstances < 1) {
      throw new IllegalArgumentException("--http-instances must be at least 1 (" + httpInstances + ")");
    }
    if (streamHeartbeat.toMillis() < 1) {
      throw new IllegalArgumentException("--stream-heartbeat-ms must be at least 1 (" + streamHeartbeat.toMillis() + ")");
    }
    if (crowd.idleTimeout().compareTo(streamHeartbeat) <= 0) {
      // a quiet stream is kept open by its heartbeat alone: the idle timeout would close every one
      throw new IllegalArgumentException("--http-idle-timeout-ms must be above --stream-heartbeat-ms ("
          + crowd.idleTimeout().toMillis() + ", " + streamHeartbeat.toMillis() + ")");
    }
  }
}
