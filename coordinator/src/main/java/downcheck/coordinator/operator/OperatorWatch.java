package downcheck.coordinator.operator;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import downcheck.coordinator.monitor.ChannelDelivery;
import downcheck.coordinator.monitor.channel.Alert;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.coordinator.telemetry.OperatorMetrics;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.Heartbeat;
import downcheck.model.monitor.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator of agents and regions (docs/operations.md, "The operator is told"). Each
 * coordinator looks, every {@code --operator-tick-ms}, at the agents and regions whose Hazelcast
 * key it owns, as its registry sees them; the look is decided in the shared state
 * ({@link OperatorStates}), once, whoever asks; the notices it decides are delivered by the key's
 * owner through the monitors' {@link ChannelDelivery}, and leave the shared outbox only when every
 * channel has taken them or been given up on: a coordinator that dies mid-way leaves them to the
 * key's next owner, with the same delivery id. Nothing is looked at before the registry has read the
 * agents topic to where it stood at start, nor while Kafka is unreachable: a coordinator behind on
 * the heartbeats would see agents silent that are not. Runs on the coordinator's own context.
 */
public final class OperatorWatch {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorWatch.class);
  /** Looks sent to Hazelcast in one tick; the rest wait for the next. */
  static final int MAX_LOOKS_PER_TICK = 512;
  /** Notices being delivered at once by this coordinator; the rest wait in their outbox. */
  static final int MAX_IN_FLIGHT = 32;
  /** How long a delivered notice is remembered here, so that a look read before it left the outbox does not send it again. */
  private static final long DELIVERED_KEPT_MS = 60_000;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final AgentRegistry registry;
  private final ChannelDelivery delivery;
  private final OperatorSettings settings;
  private final Watched.Delays delays;
  private final Clock clock;
  private final OperatorMetrics metrics;
  private final BooleanSupplier kafkaOk;
  private final OperatorStates states;
  /** The last state of each agent and region this coordinator decides for: at most the registry's agents and regions. */
  private final Map<String, Watched> known = new HashMap<>();
  private final Set<String> delivering = new HashSet<>();
  private int inFlight;
  private boolean looking;
  private long timer = -1;

  /** @param kafkaOk whether this coordinator reaches Kafka now */
  public OperatorWatch(Vertx vertx, Context context, HazelcastInstance hazelcast, AgentRegistry registry,
      ChannelDelivery delivery, OperatorSettings settings, Clock clock, MeterRegistry meters, BooleanSupplier kafkaOk) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.registry = registry;
    this.delivery = delivery;
    this.settings = settings;
    this.delays = new Watched.Delays(settings.impairedFor(), settings.hold());
    this.clock = clock;
    this.metrics = new OperatorMetrics(meters);
    this.kafkaOk = kafkaOk;
    this.states = new OperatorStates(hazelcast, context);
  }

  public void start() {
    if (!settings.on()) {
      LOG.info("no --operator-notify-file: nobody is told of silent agents and lost regions (docs/operations.md)");
      return;
    }
    LOG.info("the operator is told of agents and regions on {} channel(s): {}", settings.channels().size(),
        settings.channels().stream().map(Channel::shown).map(c -> c.type() + " " + c.url()).toList());
    timer = vertx.setPeriodic(settings.tick().toMillis(), t -> tick());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void tick() {
    if (looking) {
      return;
    }
    Instant now = clock.instant();
    if (!registry.caughtUp() || !kafkaOk.getAsBoolean()) {
      known.forEach(this::deliver); // what was decided still goes out
      return;
    }
    looking = true;
    List<Future<Void>> looks = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<String, List<Heartbeat>> byRegion = new HashMap<>();
    for (Heartbeat h : registry.knownAgents()) {
      byRegion.computeIfAbsent(h.region(), r -> new ArrayList<>()).add(h);
      Map<Problem, Boolean> facts = new EnumMap<>(Problem.class);
      boolean silent = !h.aliveAt(now);
      facts.put(Problem.AGENT_SILENT, silent);
      if (!silent) {
        facts.put(Problem.AGENT_IMPAIRED, h.status() == AgentStatus.IMPAIRED);
      }
      consider("agent:" + h.agentId(), new Watched.Observation(AgentView.of(h), h.region(), facts), now, seen, looks);
    }
    byRegion.forEach((region, agents) -> {
      Heartbeat last = agents.stream().max(Comparator.comparing(Heartbeat::sentAt)).orElseThrow();
      boolean lost = agents.stream().noneMatch(h -> h.aliveAt(now));
      consider("region:" + region, new Watched.Observation(AgentView.of(last), region,
          Map.of(Problem.REGION_LOST, lost)), now, seen, looks);
    });
    known.keySet().retainAll(seen); // no longer known, or no longer this coordinator's to decide
    Future.join(looks).onComplete(ar -> looking = false);
  }

  /** A look at one agent or region this coordinator owns, when what it sees changed or a problem waits for its time. */
  private void consider(String key, Watched.Observation seen, Instant now, Set<String> keys, List<Future<Void>> looks) {
    if (!owns(key)) {
      return;
    }
    keys.add(key);
    Watched last = known.get(key);
    if (last != null && last.sameFacts(seen.facts()) && !last.waiting(seen.facts().keySet())) {
      return;
    }
    if (looks.size() >= MAX_LOOKS_PER_TICK) {
      return;
    }
    String nonce = "d-op-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    looks.add(states.look(key, seen, now, delays, nonce).<Void>map(state -> {
      known.put(key, state);
      state.outbox().stream().filter(n -> n.deliveryId().startsWith(nonce + "-")).forEach(this::decided);
      deliver(key, state);
      return null;
    }).recover(err -> {
      LOG.warn("operator: look at {} failed: {}", key, err.toString());
      return Future.succeededFuture();
    }));
  }

  /** Whether this coordinator decides for the key: it owns the key's partition. */
  private boolean owns(String key) {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return false;
    }
    Partition p = hazelcast.getPartitionService().getPartition(key);
    Member owner = p == null ? null : p.getOwner();
    return owner != null && owner.localMember();
  }

  /** The one line of each event, on the coordinator that decided it. */
  private void decided(OperatorNotice n) {
    metrics.event(n.event());
    if (n.event().equals(Problem.AGENT_SILENT.event()) || n.event().equals(Problem.AGENT_IMPAIRED.event())
        || n.event().equals(Problem.REGION_LOST.event())) {
      LOG.warn("operator: {} ({} {})", n.summary(), n.event(), n.deliveryId());
    } else {
      LOG.info("operator: {} ({} {})", n.summary(), n.event(), n.deliveryId());
    }
  }

  private void deliver(String key, Watched state) {
    for (OperatorNotice n : state.outbox()) {
      if (inFlight >= MAX_IN_FLIGHT) {
        return;
      }
      if (!delivering.add(n.deliveryId())) {
        continue;
      }
      inFlight++;
      Alert alert = alert(n);
      List<Future<Void>> all = settings.channels().stream()
          .map(c -> delivery.deliver(c, alert, a -> attempted(n, a))).toList();
      Future.join(all).compose(v -> states.delivered(key, n.deliveryId())).onComplete(ar -> {
        inFlight--;
        if (ar.succeeded()) {
          known.computeIfPresent(key, (k, w) -> w.without(n.deliveryId()));
        } else {
          LOG.warn("operator: {} delivered, not yet out of the outbox: {}", n.deliveryId(), ar.cause().toString());
        }
        vertx.setTimer(DELIVERED_KEPT_MS, t -> delivering.remove(n.deliveryId()));
      });
    }
  }

  /**
   * The notice as every channel format reads it: a problem and its recovery share a key (PagerDuty's
   * dedup key, Opsgenie's alias), so the recovery resolves what the problem opened; a webhook gets
   * the notice itself.
   */
  static Alert alert(OperatorNotice n) {
    boolean region = n.event().startsWith("operator.region_");
    String key = region ? "downcheck-region-" + n.region() : "downcheck-agent-" + n.agent().agentId();
    Alert.Level level = Problem.REGION_LOST.event().equals(n.event()) ? Alert.Level.CRITICAL
        : Problem.AGENT_SILENT.event().equals(n.event()) ? Alert.Level.ERROR
        : Problem.AGENT_IMPAIRED.event().equals(n.event()) ? Alert.Level.WARNING
        : Alert.Level.RESOLVED;
    List<Alert.Fact> facts = new ArrayList<>();
    facts.add(new Alert.Fact("Event", n.event()));
    facts.add(new Alert.Fact("Region", n.region()));
    if (!region && n.agent() != null) {
      facts.add(new Alert.Fact("Agent", n.agent().agentId()));
    }
    return new Alert(n.event(), n.deliveryId(), key, level, region ? "region " + n.region()
        : "agent " + n.agent().agentId(), n.summary(), n.summary(), facts, null, n.at(), channel -> n);
  }

  private void attempted(OperatorNotice n, ChannelDelivery.Attempt a) {
    metrics.notification(a.channel().type(), a.outcome().label());
    if (a.outcome() == ChannelDelivery.Outcome.DELIVERED) {
      LOG.info("operator: {} {} delivered to {} (attempt {})", n.event(), n.deliveryId(), a.channel().type(),
          a.attempt());
    } else if (a.outcome() == ChannelDelivery.Outcome.ABANDONED) {
      LOG.warn("operator: {} {} not delivered to {} after {} attempts: {}", n.event(), n.deliveryId(),
          a.channel().type(), a.attempt(), a.error());
    }
  }
}
