package downcheck.coordinator.judge;

import downcheck.model.consensus.PathSplits;
import downcheck.model.result.ProbeResult;
import downcheck.model.result.TracePath;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.Diagnosis;
import downcheck.model.verdict.PathSplit;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one path comparison of a check (docs/consensus.md, "Where the path breaks"): the failing and
 * the healthy region asked to trace {@code target}, until when the check waits for them (its moved
 * deadline), and the traces that came back. Data, as {@link Closure} is; {@link #applyTo} is how
 * {@link Judge} shows it.
 */
public record PathTrace(String failingRegion, String failingAgent, String healthyRegion, String healthyAgent,
    String target, Instant until, List<ProbeResult> traces) {

  public PathTrace {
    traces = traces == null ? List.of() : List.copyOf(traces);
  }

  public PathTrace withTraces(List<ProbeResult> traces) {
    return new PathTrace(failingRegion, failingAgent, healthyRegion, healthyAgent, target, until, traces);
  }

  /**
   * The assessment with the comparison in it: while the traces are awaited, the evidence says so;
   * once final, {@code diagnosis.pathSplit} names where the paths part, or the evidence says why
   * it cannot.
   */
  public Assessment applyTo(Assessment a, boolean isFinal) {
    Diagnosis d = a.diagnosis();
    String regions = failingRegion + " and " + healthyRegion;
    if (!isFinal) {
      return with(a, new Diagnosis(d.cause(), joined(d.evidence(), "tracing the path from " + regions)));
    }
    Optional<TracePath> failing = trace(failingRegion);
    Optional<TracePath> healthy = trace(healthyRegion);
    if (failing.isEmpty() || healthy.isEmpty()) {
      String silent = failing.isEmpty() && healthy.isEmpty() ? regions : failing.isEmpty() ? failingRegion : healthyRegion;
      return with(a, new Diagnosis(d.cause(), joined(d.evidence(), "no trace came back from " + silent)));
    }
    Optional<PathSplit> split = PathSplits.between(failingRegion, agentOf(failingRegion), failing.get(), healthyRegion,
        agentOf(healthyRegion), healthy.get());
    if (split.isEmpty()) {
      String why = failing.get().reached() ? "the trace from " + failingRegion + " reached " + target
          : "the traces from " + regions + " do not part";
      return with(a, new Diagnosis(d.cause(), joined(d.evidence(), why)));
    }
    return with(a, new Diagnosis(d.cause(), joined(d.evidence(), PathSplits.sentence(split.get())), split.get()));
  }

  private Optional<TracePath> trace(String region) {
    return traces.stream().filter(r -> region.equals(r.region()) && r.trace() != null).map(ProbeResult::trace)
        .findFirst();
  }

  private String agentOf(String region) {
    return traces.stream().filter(r -> region.equals(r.region())).map(ProbeResult::agentId).findFirst().orElse(null);
  }

  private static String joined(String evidence, String more) {
    return evidence == null || evidence.isBlank() ? more : evidence + "; " + more;
  }

  /** {@code a} with the diagnosis {@code d}. */
  static Assessment withDiagnosis(Assessment a, Diagnosis d) {
    return with(a, d);
  }

  private static Assessment with(Assessment a, Diagnosis d) {
    return new Assessment(a.verdict(), a.isFinal(), a.justYou(), a.confidence(), a.summary(), d, a.quorum(),
        a.regions(), a.localIssues(), a.scope(), a.secondOpinion());
  }
}
