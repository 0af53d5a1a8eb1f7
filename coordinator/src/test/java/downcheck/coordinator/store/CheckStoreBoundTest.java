package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.judge.CheckFixtures;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.model.check.CheckIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks a coordinator keeps are bounded in number ({@code --max-checks-held}), not only in
 * time: a crowd asking through the page keeps a record each. Past the bound the settled checks
 * go, oldest first, and the checks in flight stay. On a real member, with one partition so that
 * Hazelcast's per-partition eviction sees the whole map.
 */
class CheckStoreBoundTest {
  static final int HELD = 20;
  static HazelcastInstance member;
  static Vertx vertx;
  CheckStore store;

  @BeforeAll
  static void start() {
    Config config = HazelcastSetup.config("check-bound-test-" + UUID.randomUUID(), List.of(), null, "127.0.0.1", 5701,
        3600, 100, LinkSettings.DEFAULT, HELD);
    config.setProperty("hazelcast.partition.count", "1");
    member = HazelcastSetup.start(config);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (member != null) {
      member.shutdown();
    }
  }

  @BeforeEach
  void empty() {
    member.getMap(CheckStore.MAP_NAME).clear();
    store = new CheckStore(member, vertx.getOrCreateContext(), 3600);
  }

  @Test
  void aCrowdOfSharedAnswersPushesOutTheOldestOfThemNeverACheckInFlight() throws Exception {
    Instant t = CheckFixtures.T0;
    CheckRecord inFlight = open(t);
    await(store.create(inFlight));
    List<String> shared = new ArrayList<>();
    for (int i = 1; i <= 5 * HELD; i++) {
      CheckRecord answer = CheckRecord.sharing(inFlight.id(), CheckFixtures.request(CheckIds.next(t.plusMillis(i)), t,
          CheckFixtures.DEADLINE), "example.com", CheckFixtures.REGIONS, 2000, null);
      await(store.create(answer));
      shared.add(answer.id());
    }

    assertThat(member.getMap(CheckStore.MAP_NAME).size()).as("checks kept").isLessThanOrEqualTo(HELD);
    CheckRecord still = await(store.get(inFlight.id()));
    assertThat(still).as("the oldest check, but the one still in flight").isNotNull();
    assertThat(still.isFinal()).isFalse();
    assertThat(await(store.get(shared.get(shared.size() - 1)))).as("the newest answer").isNotNull();
    assertThat(await(store.get(shared.get(0)))).as("the oldest answer").isNull();
  }

  @Test
  void checksInFlightPastTheBoundPushOutTheOldestOfThem() throws Exception {
    Instant t = CheckFixtures.T0;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2 * HELD; i++) {
      CheckRecord check = open(t.plusMillis(i));
      await(store.create(check));
      ids.add(check.id());
    }

    assertThat(member.getMap(CheckStore.MAP_NAME).size()).as("checks kept").isLessThanOrEqualTo(HELD);
    assertThat(await(store.get(ids.get(ids.size() - 1)))).as("the newest").isNotNull();
    assertThat(await(store.get(ids.get(0)))).as("the oldest").isNull();
  }

  private static CheckRecord open(Instant createdAt) {
    return CheckRecord.open(CheckFixtures.request(CheckIds.next(createdAt), createdAt, CheckFixtures.DEADLINE),
        "example.com", CheckFixtures.REGIONS, 2000, null);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
