package downcheck.coordinator;

import downcheck.runtime.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A coordinator's settings.
 *
 * @param coordinatorId      unique per coordinator process (client ids, its own stream consumer)
 * @param httpHost           the HTTP API's bind address
 * @param httpPort           the HTTP API's port (0 = any free one)
 * @param hazelcastCluster   coordinators with the same cluster name share check state
 * @param hazelcastMembers   other coordinators' addresses (host[:port]); empty = alone
 * @param hazelcastInterface the interface Hazelcast binds to; null = Hazelcast's choice
 * @param checkTtl           how long a check is kept
 * @param deadlineGrace      time after a check's timeout for results to come back
 * @param coalesceWindow     how long after its deadline a check still answers the same question; 0 = never
 * @param apiKeys            keys that may submit checks; empty = submitting is open
 * @param clientChecksPerMinute   checks one client may submit a minute; 0 = no limit
 * @param targetChecksPerMinute   new sets of probes to one host a minute, across coordinators; 0 = no limit
 */
public record CoordinatorConfig(
    KafkaSettings kafka,
    String coordinatorId,
    String httpHost,
    int httpPort,
    String hazelcastCluster,
    List<String> hazelcastMembers,
    String hazelcastInterface,
    int hazelcastPort,
    Duration checkTtl,
    Duration deadlineGrace,
    Duration coalesceWindow,
    Set<String> apiKeys,
    int clientChecksPerMinute,
    int targetChecksPerMinute) {

  public CoordinatorConfig {
    if (coordinatorId == null || coordinatorId.isBlank()) {
      coordinatorId = "c" + Long.toString(Math.abs(System.nanoTime() % 1_679_616L), 36);
    }
    httpHost = httpHost == null ? "0.0.0.0" : httpHost;
    hazelcastCluster = hazelcastCluster == null ? "downcheck" : hazelcastCluster;
    hazelcastMembers = hazelcastMembers == null ? List.of() : List.copyOf(hazelcastMembers);
    hazelcastPort = hazelcastPort <= 0 ? 5701 : hazelcastPort;
    checkTtl = checkTtl == null ? Duration.ofHours(1) : checkTtl;
    deadlineGrace = deadlineGrace == null ? Duration.ofSeconds(2) : deadlineGrace;
    coalesceWindow = coalesceWindow == null ? Duration.ofSeconds(5) : coalesceWindow;
    apiKeys = apiKeys == null ? Set.of() : Set.copyOf(apiKeys);
  }
}
