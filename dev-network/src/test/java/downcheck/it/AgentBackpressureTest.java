package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.agent.AgentConfig;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An agent never runs more probes than its concurrency bound; the rest wait in Kafka, not in memory. */
class AgentBackpressureTest {
  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(Duration.ofMillis(1500));
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    AgentConfig narrow = net.agent("narrow", "narrow-a1", null, List.of(canary.url()), "--max-concurrency", "2");
    net.startAgent(narrow);
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aSaturatedAgentHoldsAtItsBoundAndCatchesUpWhenProbesFinish() {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Queue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
    try (TargetServer target = TargetServer.start(net.vertx(), req -> {
      peak.accumulateAndGet(open.incrementAndGet(), Math::max);
      held.add(req);
    })) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ids.add(api.submit("{\"target\":\"" + target.url() + "?n=" + i + "\",\"regions\":[\"narrow\"],\"timeoutMs\":15000}").id());
      }
      await("two probes held").atMost(Duration.ofSeconds(10)).until(() -> held.size() == 2);
      // the bound holds while the agent is saturated: nothing more reaches the target
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> open.get() == 2);

      // release answers as they come: the agent resumes and works through the rest
      long releaser = net.vertx().setPeriodic(20, t -> {
        HttpServerRequest req;
        while ((req = held.poll()) != null) {
          open.decrementAndGet();
          req.response().end("ok");
        }
      });
      try {
        for (String id : ids) {
          CheckView done = api.awaitFinal(id, Duration.ofSeconds(20));
          assertThat(done.verdict()).isEqualTo(Verdict.UP);
        }
      } finally {
        net.vertx().cancelTimer(releaser);
      }
      assertThat(peak.get()).isEqualTo(2);
      assertThat(target.callers()).hasSize(6);
    }
  }
}
