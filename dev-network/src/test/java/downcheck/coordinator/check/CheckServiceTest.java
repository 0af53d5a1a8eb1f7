package downcheck.coordinator.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.coordinator.dispatch.CheckDispatcher;
import downcheck.coordinator.dispatch.KafkaUnavailableException;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.HistoryStore;
import downcheck.coordinator.store.LastingChecks;
import downcheck.coordinator.store.LinkSettings;
import downcheck.coordinator.store.RecentChecks;
import downcheck.coordinator.store.TargetRate;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.VerdictOutlet;
import downcheck.coordinator.verdict.VerdictPublisher;
import downcheck.model.check.Expect;
import downcheck.model.check.Target;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Topics;
import downcheck.runtime.KafkaSettings;
import downcheck.runtime.telemetry.Telemetry;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check service on real parts: the test network's coordinator (embedded broker, Hazelcast,
 * an agent) and, beside it, a second coordinator's service on the same Hazelcast member whose
 * Kafka cannot be reached.
 */
class CheckServiceTest {
  static final Duration GRACE = Duration.ofMillis(1500);
  static final int TIMEOUT_MS = 2000;
  static final CoordinatorMetrics METRICS = new CoordinatorMetrics(Telemetry.create().registry());

  static TestNetwork net;

  @BeforeAll
  static void startNetwork() {
    net = TestNetwork.start(GRACE);
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
  void aCheckThatCouldNotBeSentGivesItsQuestionUpSoTheNextAskProbesAnew() throws IOException {
    Vertx vertx = net.vertx();
    Context context = vertx.getOrCreateContext();
    // Kafka out of reach: a port nothing listens on, and a wait for it shorter than the dispatch's bound
    KafkaSettings unreachable = new KafkaSettings("127.0.0.1:" + closedPort(), Map.of("max.block.ms", "400"),
        Topics.defaults(), 3, (short) 1);
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, unreachable.producer("check-service-test"));
    try (TargetServer target = TargetServer.ok(vertx)) {
      CheckService cutOff = serviceSharingState(vertx, context, net.hazelcast(), producer, unreachable);
      Question question = new Question(Target.parse(target.url(), null), List.of("eu-west"), TIMEOUT_MS,
          2000, Expect.DEFAULT, null, false);

      assertThatThrownBy(() -> Wait.on(on(context, () -> cutOff.submit(question))))
          .hasCauseInstanceOf(KafkaUnavailableException.class).hasRootCauseInstanceOf(KafkaException.class);

      // the same question at the healthy coordinator: not an answer shared from a check no agent got
      HttpResponse<String> asked = net.api().post("/api/v1/checks",
          "{\"target\":\"" + target.url() + "\",\"regions\":[\"eu-west\"],\"timeoutMs\":" + TIMEOUT_MS + "}");
      assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
      CheckView done = net.api().awaitFinal(Codec.fromJson(asked.body(), CheckView.class).id(), Duration.ofSeconds(20));
      assertThat(done.coalesced()).isFalse();
      assertThat(done.verdict()).isEqualTo(Verdict.UP);
      assertThat(target.callers()).isNotEmpty();
    } finally {
      Wait.on(producer.close());
    }
  }

  /** A second coordinator's check service: the test network's Hazelcast state, its own Kafka. */
  private static CheckService serviceSharingState(Vertx vertx, Context context, HazelcastInstance hazelcast,
      KafkaProducer<String, String> producer, KafkaSettings kafka) {
    Clock clock = Clock.systemUTC();
    CheckStore store = new CheckStore(hazelcast, context, 3600);
    LastingChecks lasting = new LastingChecks(hazelcast, context, clock, LinkSettings.DEFAULT.retention());
    VerdictOutlet outlet = new VerdictOutlet(new VerdictPublisher(producer, kafka), new HistoryStore(hazelcast, context),
        lasting, METRICS);
    return new CheckService(store, new RecentChecks(hazelcast, context),
        new TargetRate(hazelcast, context, 0, 0, Duration.ofMinutes(1)), new CheckDispatcher(producer, kafka),
        new Finalizer(vertx, store, outlet, clock), clock, METRICS, GRACE, Duration.ofSeconds(5),
        new OpenChecks(1000, clock), lasting);
  }

  /** Runs the call on the context, as a coordinator's event loop would. */
  private static <T> Future<T> on(Context context, Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(promise));
    return promise.future();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
