package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import downcheck.model.check.CheckIds;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.Cause;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Diagnosis;
import downcheck.model.verdict.Quorum;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The links' store on a real Hazelcast member given 1 MB: a check reads back as it was kept until
 * its retention by the coordinator's clock, and a flood of checks costs old links, never more heap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LastingChecksTest {
  static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  static final Duration RETENTION = Duration.ofDays(30);
  static HazelcastInstance member;
  static Vertx vertx;
  static Context context;

  @BeforeAll
  static void start() {
    Config config = HazelcastSetup.config("lasting-test-" + UUID.randomUUID(), List.of(), null, "127.0.0.1", 5701,
        3600, 100, new LinkSettings(RETENTION, 1));
    // Hazelcast evicts within a partition: 1 MB over its 271 partitions would be three checks
    // each, where the default 64 MB is hundreds. Seven partitions give the test's megabyte the same
    // depth (about 150 a partition)
    config.setProperty("hazelcast.partition.count", "7");
    member = HazelcastSetup.start(config);
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (member != null) {
      member.shutdown();
    }
  }

  @Test
  @Order(1)
  void aFinalCheckReadsBackTheSameUntilItsRetentionThenIsGone() throws Exception {
    CheckView view = finalView(CheckIds.next(Instant.now()), Instant.now());
    await(at(view.createdAt().plusSeconds(1)).keep(view));

    assertThat(await(at(view.createdAt().plus(Duration.ofDays(29))).get(view.id()))).isEqualTo(view);
    assertThat(await(at(view.createdAt().plus(RETENTION).minusSeconds(1)).get(view.id()))).isEqualTo(view);
    assertThat(await(at(view.createdAt().plus(RETENTION)).get(view.id()))).isNull();
    assertThat(await(at(view.createdAt()).get(CheckIds.next(Instant.now())))).isNull();
  }

  @Test
  @Order(1)
  void aCheckAlreadyPastItsRetentionIsNotKept() throws Exception {
    CheckView old = finalView(CheckIds.next(T0), T0);
    await(at(T0.plus(RETENTION).plusSeconds(1)).keep(old));
    assertThat(member.getMap(LastingChecks.MAP_NAME).containsKey(old.id())).isFalse();
  }

  @Test
  @Order(2) // last: it fills the store
  void aFloodOfChecksEvictsTheOldestAndStaysWithinTheBound() throws Exception {
    IMap<String, Object> map = member.getMap(LastingChecks.MAP_NAME);
    LastingChecks links = at(Instant.now());
    Random random = new Random(7);
    List<String> ids = new ArrayList<>();
    Instant first = Instant.now().minusSeconds(3600);
    List<Future<Void>> writes = new ArrayList<>();
    // ~2 MB of checks that do not compress (1.5 KB of random text each) into a store of 1 MB
    for (int i = 0; i < 1400; i++) {
      Instant made = first.plusMillis(i * 10L);
      String id = CheckIds.next(made);
      ids.add(id);
      StringBuilder noise = new StringBuilder();
      for (int c = 0; c < 1500; c++) {
        noise.append((char) ('!' + random.nextInt(90)));
      }
      writes.add(links.keep(id, made, "{\"noise\":\"" + noise + "\"}"));
      if (writes.size() == 200) {
        await(Future.all(writes));
        writes.clear();
      }
    }
    await(Future.all(writes));

    long cost = map.getLocalMapStats().getOwnedEntryMemoryCost();
    // Hazelcast evicts once a write has crossed the bound: over it by at most the check that crossed it
    assertThat(cost).as("heap of the kept checks").isLessThanOrEqualTo(1024L * 1024 + LastingChecks.MAX_ENTRY_BYTES);
    assertThat(map.size()).as("entries kept").isBetween(300, 1000);
    // Hazelcast evicts the oldest of a sample of the partition a write lands in: the oldest
    // checks go, a few may outlive younger ones
    long oldKept = ids.subList(0, 400).stream().filter(map::containsKey).count();
    assertThat(oldKept).as("of the oldest 400, still kept").isLessThan(20);
    assertThat(ids.subList(ids.size() - 50, ids.size())).allMatch(map::containsKey);
  }

  private static LastingChecks at(Instant now) {
    return new LastingChecks(member, context, Clock.fixed(now, ZoneOffset.UTC), RETENTION);
  }

  private static CheckView finalView(String id, Instant made) {
    ProbeResult result = new ProbeResult(Stamp.of(id, "eu-west-a1", "eu-west", made.plusSeconds(1), null),
        ProbeOutcome.down(ErrorClass.CONNECT_TIMEOUT, new Timings(3L, null, null, null, 5000L), "203.0.113.7",
            "connect timed out"));
    return new CheckView(id, "https://example.com/", ProbeKind.HTTP, made, made.plusSeconds(12), false,
        new Assessment(Verdict.GLOBAL_OUTAGE, true, false, 0.8, "example.com is down everywhere",
            new Diagnosis(Cause.UNREACHABLE, "CONNECT_TIMEOUT in 1 of 1 regions"), new Quorum(1, 1, 1, 1),
            List.of(new RegionReport("eu-west", RegionStatus.DOWN, List.of(result))), List.of()));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
