package downcheck.agent.selfcheck;

import downcheck.agent.probe.Probe;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSpec;
import downcheck.model.agent.AgentStatus;
import downcheck.model.agent.CanaryCounts;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Is it me?": probes the agent's canaries every few seconds. More than half failing makes
 * the agent {@link AgentStatus#IMPAIRED}. {@link #recheck(Duration)} probes one canary at once, so a
 * failed probe of a target is judged by the agent's network at that moment.
 */
public final class CanaryMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(CanaryMonitor.class);
  private static final Duration CANARY_TIMEOUT = Duration.ofSeconds(3);
  /** Below this a re-check could not tell a dead network from a slow canary. */
  static final Duration MIN_RECHECK = Duration.ofMillis(50);

  private final Vertx vertx;
  private final Probe probe;
  private final List<Target> canaries;
  private final long intervalMs;
  private final AtomicInteger next = new AtomicInteger();
  private volatile CanaryCounts last = CanaryCounts.NONE;
  private volatile String lastFailure;
  private long timerId = -1;

  public CanaryMonitor(Vertx vertx, Probe probe, List<String> canaryUrls, long intervalMs) {
    this.vertx = vertx;
    this.probe = probe;
    this.canaries = new ArrayList<>();
    for (String url : canaryUrls) {
      canaries.add(Target.parse(url, ProbeKind.HTTP));
    }
    this.intervalMs = intervalMs;
  }

  /** Runs a first round and then one every interval; the future completes after the first round. */
  public Future<Void> start() {
    Future<Void> first = round();
    timerId = vertx.setPeriodic(intervalMs, id -> round());
    return first;
  }

  public void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  public AgentStatus status() {
    return isImpaired(last) ? AgentStatus.IMPAIRED : AgentStatus.HEALTHY;
  }

  public CanaryCounts counts() {
    return last;
  }

  /** Why the agent is impaired, for people: "3 of 4 canaries failed (...)"; null when healthy. */
  public String reason() {
    CanaryCounts c = last;
    if (!isImpaired(c)) {
      return null;
    }
    return c.failed() + " of " + (c.ok() + c.failed()) + " canaries failed" + (lastFailure == null ? "" : " (" + lastFailure + ")");
  }

  /**
   * Probes one canary now, within {@code budget} (at most the canaries' own timeout): the
   * caller's deadline decides how long "is it me?" may take. Succeeds with null when it answered
   * (the agent's network works), or with the reason when it failed too. With too little time
   * left to ask, the last round's judgement stands ({@link #reason()}). No canaries configured:
   * the agent cannot tell, and assumes its network works.
   */
  public Future<String> recheck(Duration budget) {
    if (canaries.isEmpty()) {
      return Future.succeededFuture(null);
    }
    if (budget.compareTo(MIN_RECHECK) < 0) {
      return Future.succeededFuture(reason());
    }
    Duration timeout = budget.compareTo(CANARY_TIMEOUT) < 0 ? budget : CANARY_TIMEOUT;
    Target canary = canaries.get(Math.floorMod(next.getAndIncrement(), canaries.size()));
    return probe.run(new ProbeSpec(canary, Expect.DEFAULT, timeout))
        .map(o -> o.isUp() ? null : "canary " + canary.displayHost() + " failed too at probe time (" + describe(o) + ")");
  }

  static boolean isImpaired(CanaryCounts c) {
    int total = c.ok() + c.failed();
    return total > 0 && c.failed() * 2 > total;
  }

  private Future<Void> round() {
    if (canaries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<ProbeOutcome>> runs = new ArrayList<>();
    for (Target t : canaries) {
      runs.add(probe.run(new ProbeSpec(t, Expect.DEFAULT, CANARY_TIMEOUT)));
    }
    return Future.join(runs).transform(ignored -> {
      int ok = 0;
      int failed = 0;
      String failure = null;
      for (int i = 0; i < runs.size(); i++) {
        ProbeOutcome o = runs.get(i).result();
        if (o != null && o.isUp()) {
          ok++;
        } else {
          failed++;
          failure = canaries.get(i).displayHost() + ": " + (o == null ? "no answer" : describe(o));
        }
      }
      CanaryCounts before = last;
      last = new CanaryCounts(ok, failed);
      lastFailure = failure;
      if (isImpaired(before) != isImpaired(last)) {
        LOG.warn("agent network is now {}: {} of {} canaries ok", status(), ok, ok + failed);
      }
      return Future.succeededFuture();
    });
  }

  private static String describe(ProbeOutcome o) {
    if (o.errorClass() != null) {
      return o.errorClass().name();
    }
    return o.message() == null ? o.outcome().name() : o.message();
  }
}
