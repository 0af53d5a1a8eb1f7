package downcheck.coordinator.judge;

import downcheck.model.check.CheckRequest;
import downcheck.model.consensus.Consensus;
import downcheck.model.consensus.Evidence;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.LocalIssue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;

/**
 * Where a check is judged: the one rule of when a check is final, and the only caller of the
 * consensus ({@link Consensus}). Pure: no clock, no I/O, the same record always gives the same
 * view.
 *
 * <p>The rule: a check is final once every region it was sent to has answered (one result of
 * any kind), or at its deadline with whatever came in ({@link #allAnswered}, {@link #due}). The
 * store applies it where the check's state lives and records why the check closed
 * ({@link Closure}); a closed check's inputs never change again, and the consensus is a pure
 * function of them, so its verdict is frozen as surely as if the view itself were stored.
 */
public final class Judge {
  private Judge() {}

  /** The rule on the answers: every region the check was sent to is among the regions that answered. */
  public static boolean allAnswered(Collection<String> expected, Collection<String> answered) {
    return new HashSet<>(answered).containsAll(expected);
  }

  /** The rule on the clock: at its deadline a check closes with whatever came in. */
  public static boolean due(long deadlineMs, long nowMs) {
    return nowMs >= deadlineMs;
  }

  /**
   * The check as it stands, final exactly when it is closed: judged from its results, with its
   * silent regions PENDING while it is open, and MISSING (or IMPAIRED, for agents known impaired)
   * once its deadline closed it. A check rebuilt after a full restart is its published verdict.
   */
  public static CheckView view(CheckRecord record) {
    if (record.finalView() != null) {
      return record.finalView();
    }
    Closure closure = record.closure();
    boolean deadlinePassed = closure != null && closure.deadlinePassed();
    List<LocalIssue> knownImpaired = closure == null ? List.of() : closure.knownImpaired();
    Assessment a = Consensus.assess(new Evidence(record.displayTarget(), record.expectedRegions(), record.results(),
        record.slowMs(), record.client(), deadlinePassed, knownImpaired));
    CheckRequest request = record.request();
    PathTrace path = record.pathTrace();
    if (path != null) {
      // the check waits for its traces: its deadline moved, and its evidence says why
      return new CheckView(record.id(), request.target(), request.kind(), request.createdAt(), path.until(), false,
          path.applyTo(a, closure != null).withFinal(closure != null));
    }
    return new CheckView(record.id(), request.target(), request.kind(), request.createdAt(), request.deadline(), false,
        a.withFinal(closure != null));
  }

  /**
   * A coalesced check as its asker sees it: the probes of {@code original}, judged afresh with
   * the coalesced check's own client view and slowness threshold, and final exactly when the
   * original is (its probes are all this check gets).
   */
  public static CheckView asSeenBy(CheckRecord alias, CheckView original) {
    List<ProbeResult> shared = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    List<String> answered = new ArrayList<>();
    original.regions().forEach(r -> {
      regions.add(r.region());
      shared.addAll(r.results());
      if (!r.results().isEmpty()) {
        answered.add(r.region());
      }
    });
    // final without every region's answer: the original's deadline closed it
    boolean deadlinePassed = original.isFinal() && !allAnswered(regions, answered);
    // the original's agents known impaired at its deadline judge its silent regions here too
    List<LocalIssue> known = original.localIssues().stream().filter(i -> "agent".equals(i.scope())).toList();
    Assessment a = Consensus.assess(new Evidence(alias.displayTarget(), regions, shared, alias.slowMs(), alias.client(),
        deadlinePassed, known));
    if (original.diagnosis().cause() == a.diagnosis().cause()
        && original.diagnosis().evidence().startsWith(a.diagnosis().evidence())) {
      a = PathTrace.withDiagnosis(a, original.diagnosis()); // the original's path comparison is the alias's too
    }
    return new CheckView(alias.id(), original.target(), original.kind(), alias.request().createdAt(),
        original.deadline(), true, a.withFinal(original.isFinal()));
  }
}
