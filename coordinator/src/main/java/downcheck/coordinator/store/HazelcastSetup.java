package downcheck.coordinator.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;

/**
 * The embedded Hazelcast member of a coordinator. Coordinators find each other over TCP/IP
 * through the listed members; with none listed the member is alone, bound to loopback.
 * Multicast and phone-home are off: a coordinator talks to no one it was not told about.
 */
public final class HazelcastSetup {
  private HazelcastSetup() {}

  public static HazelcastInstance start(String clusterName, List<String> members, String bindInterface, int port,
      long checkTtlSeconds) {
    System.setProperty("hazelcast.logging.type", "slf4j");
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
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(true);
    if (bindInterface != null && !bindInterface.isBlank()) {
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(bindInterface);
      config.setProperty("hazelcast.local.localAddress", bindInterface);
    }
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    config.addMapConfig(new MapConfig(CheckStore.MAP_NAME).setTimeToLiveSeconds((int) checkTtlSeconds).setBackupCount(1));
    config.addMapConfig(new MapConfig(HistoryStore.MAP_NAME).setTimeToLiveSeconds(HistoryStore.TTL_SECONDS).setBackupCount(1));
    config.addMapConfig(new MapConfig(RecentChecks.MAP_NAME).setBackupCount(1));
    config.addMapConfig(new MapConfig(TargetRate.MAP_NAME).setBackupCount(1));
    config.addMapConfig(new MapConfig(CheckStore.DEADLINES).setTimeToLiveSeconds((int) checkTtlSeconds).setBackupCount(1));
    return Hazelcast.newHazelcastInstance(config);
  }
}
