package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serial;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generic entry processor on a real two-member cluster, each update sent from one member
 * for a key the other owns: it travels serialised and runs where the entry lives.
 */
class KeyUpdateTest {
  static HazelcastInstance here;
  static HazelcastInstance owner;

  @BeforeAll
  static void startCluster() {
    String cluster = "key-update-test-" + UUID.randomUUID();
    here = HazelcastSetup.start(cluster, List.of("127.0.0.1"), "127.0.0.1", 5701, 3600);
    owner = HazelcastSetup.start(cluster, List.of("127.0.0.1"), "127.0.0.1", 5701, 3600);
    assertThat(here.getCluster().getMembers()).hasSize(2);
  }

  @AfterAll
  static void stopCluster() {
    if (owner != null) {
      owner.shutdown();
    }
    if (here != null) {
      here.shutdown();
    }
  }

  /** Adds the suffix, or leaves a value that has it as it is. */
  static final class Suffix extends KeyUpdate<String> {
    @Serial private static final long serialVersionUID = 1L;
    private final String suffix;

    Suffix(String suffix) {
      this.suffix = suffix;
    }

    @Override
    protected String apply(String current) {
      return current.endsWith(suffix) ? current : current + suffix;
    }
  }

  /** Says "no change" by giving null. */
  static final class Nothing extends KeyUpdate<String> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    protected String apply(String current) {
      return null;
    }
  }

  @Test
  void anUpdateRunsWhereTheEntryLivesAndSucceedsWithTheNewValue() throws Exception {
    IMap<String, String> map = map();
    String key = keyOwnedByTheOtherMember();
    map.set(key, "v");

    assertThat(map.submitToKey(key, new Suffix("-1")).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("v-1");
    assertThat(owner.<String, String>getMap(map.getName()).get(key)).isEqualTo("v-1");
  }

  @Test
  void anUpdateThatChangesNothingSucceedsWithNullAndLeavesTheEntry() throws Exception {
    IMap<String, String> map = map();
    String key = keyOwnedByTheOtherMember();
    map.set(key, "v-1");

    assertThat(map.submitToKey(key, new Suffix("-1")).toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
    assertThat(map.submitToKey(key, new Nothing()).toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
    assertThat(map.get(key)).isEqualTo("v-1");
  }

  @Test
  void anAbsentEntryStaysAbsent() throws Exception {
    IMap<String, String> map = map();
    String key = keyOwnedByTheOtherMember();

    assertThat(map.submitToKey(key, new Suffix("-1")).toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
    assertThat(map.containsKey(key)).isFalse();
  }

  private static IMap<String, String> map() {
    return here.getMap("key-update-" + UUID.randomUUID());
  }

  private static String keyOwnedByTheOtherMember() {
    for (int i = 0; i < 10_000; i++) {
      String key = "k" + i;
      if (owner.getCluster().getLocalMember().equals(here.getPartitionService().getPartition(key).getOwner())) {
        return key;
      }
    }
    throw new AssertionError("no key of the first 10000 is owned by the second member");
  }
}
