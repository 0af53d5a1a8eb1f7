package downcheck.coordinator.path;

import downcheck.coordinator.dispatch.CheckDispatcher;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.judge.PathTrace;
import downcheck.coordinator.store.CheckStore;
import downcheck.coordinator.verdict.Finalizer;
import downcheck.coordinator.verdict.VerdictOutlet;
import downcheck.model.check.CheckIds;
import downcheck.model.check.CheckOptions;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.check.TargetPolicy;
import downcheck.model.check.TraceOptions;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.verdict.RegionStatus;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Schema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a check's one path comparison (docs/consensus.md, "Where the path breaks";
 * docs/architecture.md): once every region answered and a failing region failed at the network
 * level where a healthy one is up, a trace from each of the two to the address the failing agent
 * dialled; the check waits for them (its deadline moves) and its final verdict names where the
 * paths part. Otherwise, or past the traces in flight this coordinator allows, the check is final
 * at once. Never a second final: the check is held open, not reopened.
 *
 * <p>A trace check is an ordinary check on {@code downcheck.checks} (kind trace, one region), not
 * stored on its own: its id names its parent ({@link #traceId}), and its result is folded into the
 * parent, which keeps the ids it asked for in Hazelcast with the rest of its state.
 */
public final class PathTracer {
  private static final Logger LOG = LoggerFactory.getLogger(PathTracer.class);
  static final String PREFIX = "p-";
  static final String FAILING = "-f";
  static final String HEALTHY = "-h";
  /** Failures of the path, not of the server: only these are traced. */
  private static final Set<ErrorClass> NETWORK_LEVEL = EnumSet.of(ErrorClass.CONNECT_TIMEOUT, ErrorClass.TIMEOUT,
      ErrorClass.NETWORK_UNREACHABLE, ErrorClass.CONNECTION_RESET);

  private final Vertx vertx;
  private final CheckStore store;
  private final VerdictOutlet outlet;
  private final CheckDispatcher dispatcher;
  private final Finalizer finalizer;
  private final Clock clock;
  private final PathSettings settings;
  private final TargetPolicy policy;
  private final AtomicInteger inFlight;

  /**
   * @param inFlight the comparisons this coordinator has waiting, shared by its loops; at most
   *                 {@code settings.inFlight()}
   */
  public PathTracer(Vertx vertx, CheckStore store, VerdictOutlet outlet, CheckDispatcher dispatcher, Finalizer finalizer,
      Clock clock, PathSettings settings, TargetPolicy policy, AtomicInteger inFlight) {
    this.vertx = vertx;
    this.store = store;
    this.outlet = outlet;
    this.dispatcher = dispatcher;
    this.finalizer = finalizer;
    this.clock = clock;
    this.settings = settings;
    this.policy = policy;
    this.inFlight = inFlight;
  }

  /** The id of the trace a check asks of its failing ({@code failing}) or healthy side. */
  public static String traceId(String checkId, boolean failing) {
    return PREFIX + CheckIds.withoutPrefix(checkId) + (failing ? FAILING : HEALTHY);
  }

  /** The check a trace was asked for, or empty when {@code id} is no trace's. */
  public static Optional<String> parentOf(String id) {
    if (id == null || !id.startsWith(PREFIX) || !(id.endsWith(FAILING) || id.endsWith(HEALTHY))
        || id.length() <= PREFIX.length() + FAILING.length()) {
      return Optional.empty();
    }
    return Optional.of(CheckIds.PREFIX + id.substring(PREFIX.length(), id.length() - FAILING.length()));
  }

  /**
   * A check that awaits its path decision ({@link CheckRecord#awaitsPathDecision}): held for two
   * traces, or made final. {@code trigger}: the result that completed it, shown with its verdict.
   */
  public Future<Void> decide(CheckRecord record, ProbeResult trigger) {
    Optional<Plan> plan = settings.on() ? plan(record) : Optional.empty();
    if (plan.isEmpty()) {
      return close(record.id(), trigger);
    }
    if (inFlight.incrementAndGet() > settings.inFlight()) {
      inFlight.decrementAndGet();
      LOG.info("check {} made final without a path comparison: {} already in flight", record.id(), settings.inFlight());
      return close(record.id(), trigger);
    }
    return hold(record, plan.get(), trigger);
  }

  /** Who traces what: one failing and one healthy agent's regions, to the address the failing one dialled. */
  record Plan(ProbeResult failing, ProbeResult healthy, Target target) {}

  /** The comparison this check's answers call for, or empty (docs/consensus.md says when). */
  static Optional<Plan> plan(CheckRecord record, TargetPolicy policy) {
    CheckRequest request = record.request();
    if (request.kind() != ProbeKind.HTTP && request.kind() != ProbeKind.TCP) {
      return Optional.empty();
    }
    CheckView view = Judge.view(record);
    if (view.verdict() != Verdict.REGIONAL_OUTAGE) {
      return Optional.empty();
    }
    Optional<ProbeResult> failing = first(view, RegionStatus.DOWN,
        r -> r.outcome() == Outcome.DOWN && NETWORK_LEVEL.contains(r.errorClass()) && r.address() != null);
    Optional<ProbeResult> healthy = first(view, RegionStatus.UP, r -> r.outcome() == Outcome.UP);
    if (failing.isEmpty() || healthy.isEmpty()) {
      return Optional.empty();
    }
    Target target;
    try {
      int port = Target.parse(request.target(), request.kind()).port();
      String address = failing.get().address();
      target = Target.parse("trace://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port,
          ProbeKind.TRACE);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // an address no target can name is not traced
    }
    if (policy.refusal(target).isPresent()) {
      return Optional.empty(); // the agents would refuse it too
    }
    return Optional.of(new Plan(failing.get(), healthy.get(), target));
  }

  private Optional<Plan> plan(CheckRecord record) {
    return plan(record, policy);
  }

  private static Optional<ProbeResult> first(CheckView view, RegionStatus status,
      java.util.function.Predicate<ProbeResult> wanted) {
    return view.regions().stream().filter(r -> r.status() == status).map(RegionReport::results).flatMap(List::stream)
        .filter(r -> !r.impaired() && wanted.test(r)).findFirst();
  }

  private Future<Void> hold(CheckRecord record, Plan plan, ProbeResult trigger) {
    long extraMs = Math.min(settings.maxWaitMs(), record.request().timeoutMs());
    Instant now = clock.instant();
    // the traces get extraMs from now; the check's deadline moves there, never back
    Instant until = now.plusMillis(extraMs).isAfter(record.request().deadline()) ? now.plusMillis(extraMs)
        : record.request().deadline();
    // the trace's own timeout leaves a quarter of the wait for its result to come back
    int traceTimeoutMs = (int) Math.max(1, extraMs * 3 / 4);
    String failingRegion = plan.failing().region();
    String healthyRegion = plan.healthy().region();
    PathTrace path = new PathTrace(failingRegion, plan.failing().agentId(), healthyRegion, plan.healthy().agentId(),
        plan.target().normalized(), until, List.of());
    List<String> ids = List.of(traceId(record.id(), true), traceId(record.id(), false));
    vertx.setTimer(extraMs, t -> inFlight.decrementAndGet());
    return store.hold(record.id(), path, ids, List.of(failingRegion, healthyRegion)).compose(held -> {
      if (held == null) {
        return Future.succeededFuture(); // closed meanwhile (its deadline): whoever closed it sent its final
      }
      finalizer.schedule(record.id(), until);
      LOG.info("check {} {}: tracing the path to {} from {} and {} for up to {} ms", record.id(),
          record.displayTarget(), plan.target().normalized(), failingRegion, healthyRegion, extraMs);
      send(ids.get(0), failingRegion, plan.target(), traceTimeoutMs, now, now.plusMillis(extraMs));
      send(ids.get(1), healthyRegion, plan.target(), traceTimeoutMs, now, now.plusMillis(extraMs));
      return outlet.emit(held, trigger);
    });
  }

  private void send(String id, String region, Target target, int timeoutMs, Instant now, Instant until) {
    CheckRequest trace = new CheckRequest(Schema.VERSION, id, target.normalized(), ProbeKind.TRACE, List.of(region),
        timeoutMs, null, now, until, new CheckOptions(null, null, null, null,
            new TraceOptions("tcp", TraceOptions.MAX_HOPS)), null);
    dispatcher.dispatch(trace, target).onFailure(err -> LOG.warn("trace {} to {} from {} not sent: {}", id,
        target.normalized(), region, err.toString()));
  }

  private Future<Void> close(String id, ProbeResult trigger) {
    return store.release(id).compose(closed -> {
      if (closed == null) {
        return Future.succeededFuture(); // closed meanwhile: whoever closed it sent its final
      }
      store.forget(id).onFailure(err -> LOG.debug("deadline of {} not forgotten: {}", id, err.toString()));
      return outlet.emit(closed, trigger);
    });
  }
}
