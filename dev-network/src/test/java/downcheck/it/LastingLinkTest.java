package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.LastingChecks;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.MovableClock;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A final check's link outlives the check store: once the check store has let the check go (its
 * hour's time to live), the same check still answers, the same, until 30 days after it was made
 * by the coordinator's clock; then it is a 404.
 */
class LastingLinkTest {
  static final Duration FINAL_WITHIN = Duration.ofSeconds(20);

  static MovableClock clock;
  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    clock = new MovableClock();
    net = TestNetwork.start(clock, Duration.ofMillis(1500), Set.of(), 0, 0, List.of());
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(canary.url())));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aFinalCheckAnswersTheSameForThirtyDaysAfterTheCheckStoreLetItGoThenIsGone() {
    CheckView made;
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      made = api.awaitFinal(api.submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":5000}").id(), FINAL_WITHIN);
    }
    assertThat(made.verdict()).isEqualTo(Verdict.UP);
    String id = made.id();
    // an hour on: Hazelcast's time to live (real time, not the test's clock) would drop the
    // check now; dropped here, as it would be
    clock.forward(Duration.ofHours(1).plusMinutes(1));
    IMap<String, Object> live = net.hazelcast().getMap(CheckStore.MAP_NAME);
    live.delete(id);
    assertThat(live.containsKey(id)).isFalse();

    assertThat(Codec.toJson(api.check(id))).isEqualTo(Codec.toJson(made));
    HttpResponse<String> events = api.get("/api/v1/checks/" + id + "/events");
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.body()).startsWith("event: final").contains("\"id\":\"" + id + "\"");
    assertThat(api.get("/c/" + id).statusCode()).isEqualTo(200);

    clock.forward(Duration.ofDays(29).minusHours(1).minusMinutes(1));
    assertThat(Codec.toJson(api.check(id))).as("29 days on").isEqualTo(Codec.toJson(made));

    // what one kept check costs, as Hazelcast counts it (docs/architecture.md)
    IMap<String, Object> links = net.hazelcast().getMap(LastingChecks.MAP_NAME);
    long bytes = links.getLocalMapStats().getOwnedEntryMemoryCost() / Math.max(1, links.size());
    System.out.println("a kept check of one region costs " + bytes + " bytes");
    assertThat(bytes).isBetween(1L, 2048L);

    clock.forward(Duration.ofDays(1).plusMinutes(1));
    HttpResponse<String> gone = api.get("/api/v1/checks/" + id);
    assertThat(gone.statusCode()).as("past 30 days").isEqualTo(404);
    assertThat(api.get("/api/v1/checks/" + id + "/events").statusCode()).isEqualTo(404);
  }
}
