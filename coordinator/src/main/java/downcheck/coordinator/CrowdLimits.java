package downcheck.coordinator;

import java.time.Duration;

/**
 * What a crowd of clients may hold of one coordinator, validated; defaults in {@link CrowdOptions}
 * (docs/security.md, "A crowd of clients"). The HTTP package's gates enforce the connection and
 * stream caps, the history store the hosts kept, the check store the checks kept, the target rate the
 * monitors' share.
 *
 * @param idleTimeout            a connection with nothing read or written for this long is closed
 * @param connectionsPerClient   connections one client address may hold open
 * @param connections            connections every client together may hold open
 * @param streamsPerClient       live streams (SSE, WebSocket) one client address may hold open
 * @param streams                live streams every client together may hold open
 * @param historyHostsPerNode    hosts whose history one coordinator keeps (Hazelcast evicts the least recently used)
 * @param checksPerNode          checks one coordinator keeps (Hazelcast evicts the settled first, oldest first)
 * @param monitorSharePercent    the share of each host's probe budget only monitor runs may take
 */
public record CrowdLimits(
    Duration idleTimeout,
    int connectionsPerClient,
    int connections,
    int streamsPerClient,
    int streams,
    int historyHostsPerNode,
    int checksPerNode,
    int monitorSharePercent) {

  public CrowdLimits {
    if (idleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("--http-idle-timeout-ms must be at least 1 (" + idleTimeout.toMillis() + ")");
    }
    if (connectionsPerClient < 1 || connections < connectionsPerClient) {
      throw new IllegalArgumentException("--max-connections-per-client must be at least 1 and --max-connections at least as many ("
          + connectionsPerClient + ", " + connections + ")");
    }
    if (streamsPerClient < 1 || streams < streamsPerClient) {
      throw new IllegalArgumentException("--max-streams-per-client must be at least 1 and --max-streams at least as many ("
          + streamsPerClient + ", " + streams + ")");
    }
    if (historyHostsPerNode < 1) {
      throw new IllegalArgumentException("--history-max-hosts must be at least 1 (" + historyHostsPerNode + ")");
    }
    if (monitorSharePercent < 0 || monitorSharePercent > 100) {
      throw new IllegalArgumentException("--target-monitor-share-percent must be in 0..100 (" + monitorSharePercent + ")");
    }
  }
}
