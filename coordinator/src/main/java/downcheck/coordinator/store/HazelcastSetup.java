package downcheck.coordinator.store;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;

/**
 * The embedded Hazelcast member of a coordinator. Coordinators find each other either over TCP/IP
 * through the listed members, or in Kubernetes through a headless Service's DNS name (which lists
 * the coordinators' pods: no API access, so no RBAC); with neither the member is alone, bound to
 * loopback. Multicast and phone-home are off: a coordinator talks to no one it was not told about.
 * The member listens on one address only, never on every interface, and deserialises only the
 * classes of {@link #ALLOWED_PREFIXES} and {@link #ALLOWED_PACKAGES} (docs/security.md, Hazelcast).
 */
public final class HazelcastSetup {
  /** The agents' trust records ({@code agenttrust.AgentTrust}), read through a near cache. */
  public static final String TRUST_MAP = "downcheck-agent-trust";
  /** Copies a member keeps of trust records: one per agent, up to the registry's bound of agents. */
  static final int TRUST_NEAR_CACHE_ENTRIES = 10_000;
  /**
   * Java serialisation reaches here from any member of the cluster: downcheck's own entry
   * processors and values, Hazelcast's own classes (its exceptions travel that way), and arrays,
   * whose elements are judged one by one.
   */
  static final String[] ALLOWED_PREFIXES = {"downcheck.", "com.hazelcast.", "["};
  /**
   * The JDK types downcheck's values and Hazelcast's errors are made of (strings, boxed numbers,
   * immutable lists, exceptions and their stack traces, time): whole packages, not their
   * sub-packages, so {@code java.lang.reflect} and {@code java.lang.invoke} stay out.
   */
  static final String[] ALLOWED_PACKAGES = {"java.lang", "java.util", "java.util.concurrent", "java.time"};

  private HazelcastSetup() {}

  /** A member found through {@code members} over TCP/IP, or alone when there are none. */
  public static HazelcastInstance start(String clusterName, List<String> members, String bindInterface, int port,
      long checkTtlSeconds) {
    return start(config(clusterName, members, null, bindInterface, port, checkTtlSeconds));
  }

  public static HazelcastInstance start(Config config) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    return Hazelcast.newHazelcastInstance(config);
  }

  /**
   * The member's configuration, built without starting it.
   *
   * @param kubernetesServiceDns a headless Service's DNS name; when set it replaces {@code members}
   */
  public static Config config(String clusterName, List<String> members, String kubernetesServiceDns,
      String bindInterface, int port, long checkTtlSeconds) {
    return config(clusterName, members, kubernetesServiceDns, bindInterface, port, checkTtlSeconds,
        HistoryStore.MAX_HOSTS_PER_NODE);
  }

  /** The same, keeping the history of at most {@code historyHostsPerNode} hosts on this member. */
  public static Config config(String clusterName, List<String> members, String kubernetesServiceDns,
      String bindInterface, int port, long checkTtlSeconds, int historyHostsPerNode) {
    return config(clusterName, members, kubernetesServiceDns, bindInterface, port, checkTtlSeconds, historyHostsPerNode,
        LinkSettings.DEFAULT);
  }

  /** The same, keeping final checks' links as {@code links} says. */
  public static Config config(String clusterName, List<String> members, String kubernetesServiceDns,
      String bindInterface, int port, long checkTtlSeconds, int historyHostsPerNode, LinkSettings links) {
    return config(clusterName, members, kubernetesServiceDns, bindInterface, port, checkTtlSeconds, historyHostsPerNode,
        links, CheckStore.MAX_CHECKS_PER_NODE);
  }

  /** The same, keeping at most {@code checksPerNode} checks on this member ({@code --max-checks-held}). */
  public static Config config(String clusterName, List<String> members, String kubernetesServiceDns,
      String bindInterface, int port, long checkTtlSeconds, int historyHostsPerNode, LinkSettings links,
      int checksPerNode) {
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A coordinator killed outright (SIGKILL, a lost host) closes no connection: the others only
    // learn it from missing heartbeats, and until then every read of a check it owned waits.
    // Hazelcast's default is 60 s of that; a few seconds keeps the API answering.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
    config.getJetConfig().setEnabled(false);
    // a gadget class from whoever reaches the port is refused before its readObject runs
    config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
        .setDefaultsDisabled(true)
        .setWhitelist(new ClassFilter().addPrefixes(ALLOWED_PREFIXES).addPackages(ALLOWED_PACKAGES)));
    // one address: the named interface, or else the one Hazelcast picks, never 0.0.0.0
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(true);
    if (bindInterface != null && !bindInterface.isBlank()) {
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(bindInterface);
      config.setProperty("hazelcast.local.localAddress", bindInterface);
    }
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (kubernetesServiceDns != null) {
      // Hazelcast allows one join method: Kubernetes, so TCP/IP stays off
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", kubernetesServiceDns)
          .setProperty("service-port", Integer.toString(port));
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(members);
    }
    // updated on every result: kept as objects, an update adds a string (see StoredCheck). Bounded
    // in checks as well as in time: a crowd asking through the page keeps a record each, and an hour
    // of a few hundred checks a second is gigabytes; past the bound the settled checks go first
    config.addMapConfig(new MapConfig(CheckStore.MAP_NAME).setTimeToLiveSeconds((int) checkTtlSeconds).setBackupCount(1)
        .setInMemoryFormat(InMemoryFormat.OBJECT)
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.NONE).setComparator(new CheckStore.SettledFirst())
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(checksPerNode)));
    // a host's history is appended to on every final check of it, on one partition thread: kept as
    // objects, an append copies references rather than deserialising and serialising the list.
    // Bounded in hosts as well as in time: a crowd checking a million hosts once each costs the
    // least recently used hosts their history, not the member its heap
    config.addMapConfig(new MapConfig(HistoryStore.MAP_NAME).setTimeToLiveSeconds(HistoryStore.TTL_SECONDS).setBackupCount(1)
        .setInMemoryFormat(InMemoryFormat.OBJECT)
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(historyHostsPerNode)));
    // written once per final check, read when a link is opened: kept serialised (Hazelcast counts
    // the bytes only so), bounded in heap per member, the oldest checks evicted first
    config.addMapConfig(new MapConfig(LastingChecks.MAP_NAME).setBackupCount(1).setInMemoryFormat(InMemoryFormat.BINARY)
        .setTimeToLiveSeconds((int) Math.min(Integer.MAX_VALUE, links.retention().toSeconds()))
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.NONE).setComparator(new LastingChecks.OldestFirst())
            .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE).setSize(links.maxMegabytes())));
    config.addMapConfig(new MapConfig(RecentChecks.MAP_NAME).setBackupCount(1));
    config.addMapConfig(new MapConfig(TargetRate.MAP_NAME).setBackupCount(1));
    config.addMapConfig(new MapConfig(CheckStore.DEADLINES).setTimeToLiveSeconds((int) checkTtlSeconds).setBackupCount(1));
    // every result reads its agent's trust record before it is folded, and records change a few
    // times an hour: read from a near cache (owned entries too), each change invalidating every
    // member's copy as it is made (not in batches, which may wait seconds), so a quarantine
    // counts from the next result on, without a partition operation per result
    config.addMapConfig(new MapConfig(TRUST_MAP).setNearCacheConfig(new NearCacheConfig(TRUST_MAP)
        .setInMemoryFormat(InMemoryFormat.OBJECT).setCacheLocalEntries(true).setInvalidateOnChange(true)
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(TRUST_NEAR_CACHE_ENTRIES))));
    config.setProperty("hazelcast.map.invalidation.batch.enabled", "false");
    return config;
  }
}
