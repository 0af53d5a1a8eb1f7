package downcheck.coordinator.monitor;

import com.hazelcast.core.HazelcastInstance;
import downcheck.coordinator.check.CheckService;
import downcheck.model.agent.Heartbeat;
import downcheck.model.check.CheckIds;
import downcheck.coordinator.check.Submission;
import downcheck.model.agent.Heartbeat;
import downcheck.coordinator.http.ApiKeys;
import downcheck.coordinator.http.ProblemException;
import downcheck.coordinator.monitor.channel.ChannelInput;
import downcheck.coordinator.monitor.channel.Channels;
import downcheck.coordinator.secrets.SecretsKey;
import downcheck.coordinator.telemetry.MonitorMetrics;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.Incident;
import downcheck.model.monitor.LastCheck;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorState;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.monitor.RunOutcome;
import downcheck.model.monitor.Uptime;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.runtime.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitors (docs/monitors.md), wired in one place: definitions on Kafka ({@link MonitorCatalog}),
 * live state in Hazelcast ({@link MonitorStates}), runs by the owner of each monitor's partition
 * ({@link MonitorScheduler}), notifications ({@link Notifier}), the API ({@link MonitorApi},
 * {@link MaintenanceApi}) and the public status pages ({@link StatusPageApi}).
 */
public final class Monitors {
  private static final Logger LOG = LoggerFactory.getLogger(Monitors.class);
  static final Duration WATCH_FOR = Duration.ofHours(24);

  private final MonitorSettings settings;
  private final Clock clock;
  private final CheckService checks;
  private final MonitorCatalog catalog;
  private final MonitorStates states;
  private final DeliveryLog deliveries;
  private final Notifier notifier;
  private final MonitorScheduler scheduler;
  private final MonitorApi api;
  private final StatusPageApi pages;
  private final MaintenanceApi maintenanceApi;
  private final ApiKeys keys;
  private final SecretsKey secrets;
  private final Channels channels;

  /**
   * @param liveAgents the live agents now (their regions are the live regions)
   * @param countMalformed told the topic of each record that did not parse
   * @param admitWrite the caller of a create or change, counted in its writes a minute
   *     ({@code --client-monitor-writes-per-minute}); else throws the 401 or 429 problem
   * @param secrets        seals the channels on Kafka and tags the state records (docs/monitors.md)
   * @param channels       sends the notifications (its owner closes it)
   */
  public Monitors(Vertx vertx, Context context, HazelcastInstance hazelcast, KafkaProducer<String, String> producer,
      KafkaSettings kafka, String coordinatorId, CheckService checks, Supplier<List<Heartbeat>> liveAgents,
      MonitorSettings settings, ApiKeys keys, Function<RoutingContext, ApiKeys.Caller> admitWrite, Clock clock,
      MeterRegistry meters, Consumer<String> countMalformed, SecretsKey secrets, Channels channels) {
    this.settings = settings;
    this.secrets = secrets;
    this.clock = clock;
    this.checks = checks;
    this.keys = keys;
    MonitorCatalog[] self = new MonitorCatalog[1];
    MonitorMetrics metrics = new MonitorMetrics(meters, id -> {
      MonitorStatus s = self[0].lastState(id);
      return s == null ? null : s.state();
    });
    this.catalog = new MonitorCatalog(vertx, kafka, coordinatorId, producer, countMalformed, metrics::added,
        metrics::removed, secrets, metrics::recordRejected);
    self[0] = catalog;
    this.states = new MonitorStates(hazelcast, context);
    this.deliveries = new DeliveryLog(hazelcast, context);
    this.channels = channels;
    this.notifier = new Notifier(vertx, channels, deliveries, metrics, settings, clock);
    this.scheduler = new MonitorScheduler(vertx, hazelcast, catalog, states, checks, liveAgents, notifier, this::delete,
        clock, settings.tickMs());
    MonitorAccess access = new MonitorAccess(keys, admitWrite);
    this.api = new MonitorApi(vertx, this, settings, access, clock);
    this.pages = new StatusPageApi(catalog, access, clock);
    this.maintenanceApi = new MaintenanceApi(catalog, settings, access, clock);
  }

  public void mount(Router router) {
    api.mount(router);
    pages.mount(router);
    maintenanceApi.mount(router);
  }

  /** Reads the monitors from Kafka, then starts running those this coordinator owns. */
  public Future<Void> start() {
    if (!keys.on()) {
      LOG.warn("API keys are off: anyone who reaches this API may read, create, change and delete every monitor; "
          + "turn keys on (--api-key-hashes-file) for a public deployment (docs/security.md)");
    }
    if (secrets.isEphemeral()) {
      LOG.warn("no --secrets-key-file: monitors' channels{} are sealed with a random key of this process; once a monitor"
          + " has channels, a restart without the key is refused; give every coordinator the same --secrets-key-file"
          + " (docs/operations.md)", keys.on() ? " and their owners' tags" : "");
    }
    return catalog.start().onSuccess(v -> scheduler.start());
  }

  public Future<Void> stop() {
    scheduler.stop();
    return catalog.stop();
  }

  MonitorCatalog catalog() {
    return catalog;
  }

  ChannelInput channelInput() {
    return channels.input();
  }

  DeliveryLog deliveries() {
    return deliveries;
  }

  /** The one path of a notice to a channel, for notices that are not a monitor's (the operator's). */
  public ChannelDelivery delivery() {
    return notifier.delivery();
  }

  /** The monitor as the API shows it, its state read from Hazelcast (else the last published). */
  Future<MonitorView> view(MonitorSpec spec) {
    return view(spec, true);
  }

  /** The same, the target's query shown or not (docs/monitors.md: to the owner only). */
  Future<MonitorView> view(MonitorSpec spec, boolean withQuery) {
    return states.get(spec.id()).map(s -> MonitorView.of(spec, s != null ? s : catalog.lastState(spec.id()),
        clock.instant(), withQuery));
  }

  Future<MonitorView> create(MonitorSpec spec) {
    MonitorStatus fresh = MonitorStatus.fresh(clock.instant());
    return states.seed(spec.id(), fresh).compose(s -> catalog.put(spec)).map(v -> MonitorView.of(spec, fresh,
        clock.instant()));
  }

  Future<MonitorView> replace(MonitorSpec spec) {
    return catalog.put(spec).compose(v -> view(spec));
  }

  Future<Void> delete(String id) {
    return catalog.delete(id).compose(v -> Future.join(states.remove(id), deliveries.remove(id))).mapEmpty();
  }

  /**
   * A temporary monitor of the check's target that tells, once, when it is back up; null when
   * the check is unknown. It starts in the outage the check saw, as if it had alerted it.
   */
  Future<MonitorView> watch(String checkId, List<Channel> channels, String owner) {
    return checks.read(checkId).compose(check -> {
      if (check == null) {
        return Future.succeededFuture(null);
      }
      if (check.verdict() != Verdict.GLOBAL_OUTAGE && check.verdict() != Verdict.REGIONAL_OUTAGE) {
        return Future.failedFuture(new ProblemException(409, "Not an outage", "check " + checkId + " is "
            + check.verdict() + "; only an outage can be watched until it is back", 0));
      }
      Instant now = clock.instant();
      MonitorSpec spec = new MonitorSpec(MonitorIds.next(now), "back? " + check.target(), check.target(), check.kind(),
          List.of(), Submission.DEFAULT_TIMEOUT_MS, Submission.DEFAULT_SLOW_MS, null, settings.minIntervalSeconds(),
          MonitorInput.DEFAULT_CONFIRMATIONS, MonitorInput.DEFAULT_NOTIFY_ON, channels, owner, now, true,
          now.plus(WATCH_FOR));
      MonitorStatus start = outage(check, now);
      // its state goes to Kafka at once: a full restart before its first run must not forget the outage
      return states.seed(spec.id(), start).compose(s -> catalog.putState(spec.id(), start)).compose(v -> catalog.put(spec))
          .map(v -> MonitorView.of(spec, start, now));
    });
  }

  private static MonitorStatus outage(CheckView check, Instant now) {
    RunOutcome run = RunOutcome.of(check, now);
    MonitorState state = MonitorState.of(check.verdict());
    Incident incident = new Incident("i-" + CheckIds.withoutPrefix(check.id()), state, check.createdAt(), null,
        run.downRegions(), run.cause(), check.summary());
    LastCheck last = new LastCheck(check.id(), check.verdict(), check.isFinal(), now, check.summary());
    return new MonitorStatus(new MonitorStatus.Confirmed(state, check.createdAt(), state, true), MonitorStatus.Streak.NONE,
        last, MonitorStatus.Schedule.due(now), new MonitorStatus.Changes(0, List.of(incident), List.of()), Uptime.empty(),
        false);
  }
}
