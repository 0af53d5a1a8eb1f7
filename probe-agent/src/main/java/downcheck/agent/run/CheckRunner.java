package downcheck.agent.run;

import downcheck.agent.intake.Admission;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.selfcheck.CanaryMonitor;
import downcheck.agent.telemetry.AgentMetrics;
import downcheck.model.check.CheckRequest;
import downcheck.model.check.Target;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.Stamp;
import downcheck.model.result.Timings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check, from admission to the published result, the same for every kind: the probe runs on
 * a lane within the timeout its admission gives, a failed probe asks "is it me?" within what the
 * deadline budget leaves, and the outcome is stamped, counted and published. The kinds only
 * obey the deadline in their {@link ProbeSpec}; they never see this class nor the registry.
 */
public final class CheckRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);

  private final Context context;
  private final ProbeLanes lanes;
  private final CanaryMonitor canaries;
  private final String agentId;
  private final String region;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final Function<ProbeResult, Future<Void>> publish;

  /**
   * @param context  where outcomes come back to and results are published from (the agent's)
   * @param lanes    the event loops the probes run on
   * @param canaries "is it me?"
   * @param agentId  who stamps the results
   * @param region   the region it probes from
   * @param clock    stamps results and measures the re-check's budget
   * @param metrics  counts results by outcome
   * @param publish  sends a result on; its future fails when the send did
   */
  public CheckRunner(Context context, ProbeLanes lanes, CanaryMonitor canaries, String agentId, String region,
      Clock clock, AgentMetrics metrics, Function<ProbeResult, Future<Void>> publish) {
    this.context = context;
    this.lanes = lanes;
    this.canaries = canaries;
    this.agentId = agentId;
    this.region = region;
    this.clock = clock;
    this.metrics = metrics;
    this.publish = publish;
  }

  /** Runs an admitted check; the future completes once its result is published, or dropped at shutdown. */
  public Future<Void> run(CheckRequest check, Admission admission) {
    long started = System.nanoTime();
    return probe(check, admission)
        .compose(o -> judgeLocally(o, admission).map(reason -> stamp(check, o, reason)))
        .compose(r -> {
          if (lanes.closing()) {
            LOG.debug("agent stopping: result of {} not published", check.checkId());
            return Future.succeededFuture();
          }
          metrics.result(r.outcome());
          metrics.probeDuration(check.kind(), r.totalMsOr((System.nanoTime() - started) / 1_000_000));
          LOG.debug("check {} {} -> {} {} in {} ms", check.checkId(), check.target(), r.outcome(), r.errorClass(),
              (System.nanoTime() - started) / 1_000_000);
          return publish.apply(r);
        });
  }

  private Future<ProbeOutcome> probe(CheckRequest check, Admission admission) {
    try {
      Target target = Target.parse(check.target(), check.kind());
      return lanes.run(check.kind(), new ProbeSpec(target, check.expect(), admission.probeTimeout(), check.options()), context);
    } catch (RuntimeException e) {
      return Future.succeededFuture(ProbeOutcome.error(Timings.total(0), "cannot run this check: " + e.getMessage()));
    }
  }

  /**
   * "Is it me?" at the moment of the probe: a failed probe re-checks a canary at once, within
   * what the check's deadline budget leaves, so the result still comes in time; an answer from an
   * agent whose last canary round failed is flagged too. A refusal by the policy is never the
   * agent's network. Null = not impaired.
   */
  private Future<String> judgeLocally(ProbeOutcome o, Admission admission) {
    if (o.isRefused()) {
      return Future.succeededFuture(null);
    }
    if (o.outcome() == Outcome.DOWN) {
      return canaries.recheck(admission.recheckBudget(clock.instant()));
    }
    return Future.succeededFuture(canaries.reason());
  }

  private ProbeResult stamp(CheckRequest check, ProbeOutcome o, String impairedReason) {
    return new ProbeResult(Stamp.of(check.checkId(), agentId, region, clock.instant(), impairedReason), o);
  }
}
