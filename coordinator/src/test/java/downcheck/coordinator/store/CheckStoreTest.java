package downcheck.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.judge.CheckFixtures;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Closure;
import downcheck.coordinator.judge.Judge;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Results that came together, folded into their check in one operation on a real member. */
class CheckStoreTest {
  static HazelcastInstance member;
  static Vertx vertx;
  CheckStore store;

  @BeforeAll
  static void start() {
    member = HazelcastSetup.start("check-store-test-" + UUID.randomUUID(), List.of(), "127.0.0.1", 5701, 3600);
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
  void freshCheck() throws Exception {
    member.getMap(CheckStore.MAP_NAME).delete("c-1");
    store = new CheckStore(member, vertx.getOrCreateContext(), 3600);
    await(store.create(CheckFixtures.fresh()));
  }

  @Test
  void resultsThatCameTogetherAreFoldedAsOneAfterTheOther() throws Exception {
    List<ProbeResult> results = List.of(CheckFixtures.refused("eu-west"), CheckFixtures.up("us-east"),
        CheckFixtures.up("ap-south"));

    CheckRecord together = await(store.addResults(results, results.stream().map(Codec::toJson).toList()));

    assertThat(together.results()).containsExactlyElementsOf(results);
    assertThat(together.closure()).isEqualTo(Closure.ANSWERED);
    assertThat(Judge.view(together).verdict()).isEqualTo(Verdict.REGIONAL_OUTAGE);
    // the same three folded one at a time give the same check
    freshCheck();
    CheckRecord oneByOne = null;
    for (ProbeResult r : results) {
      oneByOne = await(store.addResult(r));
    }
    assertThat(Judge.view(together)).isEqualTo(Judge.view(oneByOne));
  }

  @Test
  void anAgentCountsOnceEvenTwiceInOneBatchAndNothingNewIsNull() throws Exception {
    List<ProbeResult> results = List.of(CheckFixtures.up("eu-west"), CheckFixtures.refused("eu-west"));

    CheckRecord folded = await(store.addResults(results, results.stream().map(Codec::toJson).toList()));

    assertThat(folded.results()).as("at-least-once delivery: (check, agent) counts once, the first")
        .containsExactly(CheckFixtures.up("eu-west"));
    assertThat(folded.isFinal()).isFalse();
    assertThat(await(store.addResults(results, results.stream().map(Codec::toJson).toList())))
        .as("nothing in them is new").isNull();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
