package downcheck.coordinator;

import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.HistoryStore;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags that keep a crowd of clients from exhausting a coordinator, mixed into the coordinator's. */
public final class CrowdOptions {
  @Option(names = "--http-idle-timeout-ms", defaultValue = "60000", paramLabel = "N",
      description = "An HTTP connection with nothing read or written for this long is closed (a live stream's "
          + "heartbeat keeps it open: keep this above --stream-heartbeat-ms).")
  long idleTimeoutMs;

  @Option(names = "--max-connections-per-client", defaultValue = "64", paramLabel = "N",
      description = "HTTP connections one client address (an IPv6 /64) may hold open; past it 429, then closed.")
  int connectionsPerClient;

  @Option(names = "--max-connections", defaultValue = "4096", paramLabel = "N",
      description = "HTTP connections all clients together may hold open; past it 503, then closed.")
  int connections;

  @Option(names = "--max-streams-per-client", defaultValue = "8", paramLabel = "N",
      description = "Live streams (SSE, WebSocket) one client address may hold open; past it 429.")
  int streamsPerClient;

  @Option(names = "--max-streams", defaultValue = "512", paramLabel = "N",
      description = "Live streams all clients together may hold open; past it 503. Each may have at most 64 KiB "
          + "waiting to go out before it is cut off.")
  int streams;

  @Option(names = "--history-max-hosts", defaultValue = "" + HistoryStore.MAX_HOSTS_PER_NODE, paramLabel = "N",
      description = "Hosts whose recent checks this coordinator keeps; past it the least recently used host's history goes.")
  int historyHostsPerNode;

  @Option(names = "--max-checks-held", defaultValue = "" + CheckStore.MAX_CHECKS_PER_NODE, paramLabel = "N",
      description = "Checks this coordinator keeps in memory (each for --check-ttl-seconds at most); past it the "
          + "settled checks go first, oldest first, and a final check is read from its lasting link. At least --max-open-checks.")
  int checksPerNode;

  @Option(names = "--target-monitor-share-percent", defaultValue = "20", paramLabel = "N",
      description = "The share of --target-checks-per-minute (rounded down) that only monitor runs may take: "
          + "ad-hoc checks of a host stop short of it, so a crowd of them cannot keep its monitors from running.")
  int monitorSharePercent;

  public CrowdLimits limits() {
    return new CrowdLimits(Duration.ofMillis(idleTimeoutMs), connectionsPerClient, connections, streamsPerClient, streams,
        historyHostsPerNode, checksPerNode, monitorSharePercent);
  }
}
