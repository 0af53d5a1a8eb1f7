package downcheck.coordinator;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.agenttrust.AgentTrust;
import downcheck.coordinator.check.CheckService;
import downcheck.coordinator.check.OpenChecks;
import downcheck.coordinator.dispatch.CheckDispatcher;
import downcheck.coordinator.opinion.DirectSender;
import downcheck.coordinator.opinion.SecondOpinionDesk;
import downcheck.coordinator.path.PathTracer;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.store.HistoryStore;
import downcheck.coordinator.store.LastingChecks;
import downcheck.coordinator.store.RecentChecks;
import downcheck.coordinator.store.TargetRate;
import downcheck.coordinator.telemetry.CoordinatorMetrics;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.VerdictFeed;
import downcheck.coordinator.verdict.VerdictOutlet;
import downcheck.coordinator.verdict.VerdictPublisher;
import downcheck.model.agent.Heartbeat;
import downcheck.model.check.TargetPolicy;
import io.vertx.core.Context;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds the check path of one event loop, the same way for the coordinator's own loop (its
 * {@code Finalizer} and monitors) and for each HTTP loop (its submissions and its share of the
 * results): store handles bound to the loop's context and sends on the loop's own producer, so a
 * call's Hazelcast and Kafka callbacks come back to the loop that made it. What is counted once
 * per coordinator, the open checks and the verdict feed its own verdicts go to as they are sent,
 * is shared by every loop.
 */
final class CheckWiring {
  private final CoordinatorConfig config;
  private final HazelcastInstance hazelcast;
  private final Clock clock;
  private final CoordinatorMetrics metrics;
  private final OpenChecks open;
  private final VerdictFeed feed;
  private final Consumer<String> seenFinal;
  /** The path comparisons this coordinator has waiting, across its loops. */
  private final AtomicInteger pathsInFlight = new AtomicInteger();

  /** @param seenFinal told the id of each check made final on a loop of this coordinator */
  CheckWiring(CoordinatorConfig config, HazelcastInstance hazelcast, Clock clock, CoordinatorMetrics metrics,
      OpenChecks open, VerdictFeed feed, Consumer<String> seenFinal) {
    this.seenFinal = seenFinal;
    this.config = config;
    this.hazelcast = hazelcast;
    this.clock = clock;
    this.metrics = metrics;
    this.open = open;
    this.feed = feed;
  }

  /** The check path on the loop of {@code context}, sending with {@code producer}. */
  Loop on(Context context, KafkaProducer<String, String> producer) {
    return new Loop(context, producer);
  }

  /** One event loop's store handles, the outlet its verdicts leave by, and its check service. */
  final class Loop {
    private final Context context;
    private final KafkaProducer<String, String> producer;
    private final CheckStore store;
    private final HistoryStore history;
    private final LastingChecks lasting;
    private final VerdictOutlet outlet;
    private final AgentTrust trust;

    private Loop(Context context, KafkaProducer<String, String> producer) {
      this.context = context;
      this.producer = producer;
      this.store = new CheckStore(hazelcast, context, config.checkTtl().toSeconds());
      this.history = new HistoryStore(hazelcast, context);
      this.lasting = new LastingChecks(hazelcast, context, clock, config.links().retention());
      this.trust = new AgentTrust(hazelcast, context, config.agentTrust(), clock);
      // a verdict made here goes to this coordinator's own streams as it is sent (the feed's deliver);
      // a final one tells the agents' trust records of a lone dissent nobody confirmed
      this.outlet = new VerdictOutlet(new VerdictPublisher(producer, config.kafka(), feed.origin(), feed::deliver),
          history, lasting, metrics, seenFinal, trust::finalSeen);
    }

    AgentTrust trust() {
      return trust;
    }

    CheckStore store() {
      return store;
    }

    HistoryStore history() {
      return history;
    }

    LastingChecks lasting() {
      return lasting;
    }

    VerdictOutlet outlet() {
      return outlet;
    }

    /** The path comparisons of the checks whose results this loop folds; {@code finalizer} as below. */
    PathTracer paths(Finalizer finalizer) {
      return new PathTracer(context.owner(), store, outlet, new CheckDispatcher(producer, config.kafka()), finalizer,
          clock, config.paths(), new TargetPolicy(config.allowPrivateTargets()), pathsInFlight);
    }

    /** The check service of this loop; {@code finalizer} closes the checks it starts (one per coordinator). */
    CheckService checks(Finalizer finalizer) {
      return new CheckService(store, new RecentChecks(hazelcast, context),
          new TargetRate(hazelcast, context, config.targetChecksPerMinute(), config.crowd().monitorSharePercent(),
              Duration.ofMinutes(1)),
          new CheckDispatcher(producer, config.kafka()), finalizer, clock, metrics, config.deadlineGrace(),
          config.coalesceWindow(), open, lasting, secondOpinions());
    }

    /**
     * Where this loop's folded checks are looked at for a second opinion ({@code --second-opinions});
     * null when none is asked.
     *
     * @param live the live agents (the registry's)
     */
    SecondOpinionDesk opinions(Supplier<List<Heartbeat>> live) {
      if (!secondOpinions()) {
        return null;
      }
      // an agent whose DOWN another agent of its region did not confirm loses trust
      return new SecondOpinionDesk(store, live, directSender(), config.opinions(), trust::notConfirmed);
    }

    private boolean secondOpinions() {
      return config.opinions().enabled();
    }

    /** Sends a check to the agents it names, over the direct topic (CheckRequest.agents). */
    private DirectSender directSender() {
      CheckDispatcher dispatcher = new CheckDispatcher(producer, config.kafka());
      return check -> dispatcher.dispatchTo(check, check.agents());
    }
  }
}
