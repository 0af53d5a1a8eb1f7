package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import elsewhere.Gadget;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member that reaches port 5701 (same cluster name, no filter of its own, as an intruder's
 * would be) puts a Serializable class from outside the allow-list into the coordinators' maps:
 * the coordinator's member refuses to deserialise it, and its {@code readObject} never runs.
 */
class SerializationFilterTest {
  static HazelcastInstance coordinator;
  static HazelcastInstance intruder;

  @BeforeAll
  static void startCluster() {
    String cluster = "serialization-filter-test-" + UUID.randomUUID();
    coordinator = HazelcastSetup.start(cluster, List.of("127.0.0.1"), "127.0.0.1", 5701, 3600);
    Config open = HazelcastSetup.config(cluster, List.of("127.0.0.1"), null, "127.0.0.1", 5701, 3600);
    open.getSerializationConfig().setJavaSerializationFilterConfig(null);
    intruder = Hazelcast.newHazelcastInstance(open);
    assertThat(coordinator.getCluster().getMembers()).hasSize(2);
  }

  @AfterAll
  static void stopCluster() {
    if (intruder != null) {
      intruder.shutdown();
    }
    if (coordinator != null) {
      coordinator.shutdown();
    }
  }

  @Test
  void aGadgetPutIntoAMapTheCoordinatorHoldsIsRefusedUnread() {
    // the checks map keeps objects: the owner deserialises a value as it stores it
    IMap<String, Object> checks = intruder.getMap(CheckStore.MAP_NAME);
    String key = keyOwnedBy(coordinator);
    int before = Gadget.READS.get();

    assertThatThrownBy(() -> checks.put(key, new Gadget())).hasStackTraceContaining("elsewhere.Gadget is not allowed");
    assertThat(Gadget.READS.get()).as("readObject ran on the coordinator's member").isEqualTo(before);
    assertThat(coordinator.getMap(CheckStore.MAP_NAME).containsKey(key)).isFalse();
  }

  @Test
  void aGadgetStoredAsBytesIsRefusedWhenTheCoordinatorReadsIt() {
    // the recent-checks map keeps bytes: the gadget lands, and is refused at the coordinator's read
    String key = keyOwnedBy(coordinator);
    intruder.getMap(RecentChecks.MAP_NAME).put(key, new Gadget());
    int before = Gadget.READS.get();

    assertThatThrownBy(() -> coordinator.getMap(RecentChecks.MAP_NAME).get(key))
        .hasStackTraceContaining("elsewhere.Gadget is not allowed");
    assertThat(Gadget.READS.get()).isEqualTo(before);
  }

  @Test
  void downchecksOwnValuesStillTravel() {
    IMap<String, HistoryStore.Checks> history = intruder.getMap(HistoryStore.MAP_NAME);
    String key = keyOwnedBy(coordinator);
    history.put(key, new HistoryStore.Checks(List.of("c1"), List.of("{}")));
    assertThat(coordinator.<String, HistoryStore.Checks>getMap(HistoryStore.MAP_NAME).get(key).ids()).containsExactly("c1");
  }

  private static String keyOwnedBy(HazelcastInstance member) {
    for (int i = 0; ; i++) {
      String key = "k" + i;
      if (member.getPartitionService().getPartition(key).getOwner().localMember()) {
        return key;
      }
    }
  }
}
