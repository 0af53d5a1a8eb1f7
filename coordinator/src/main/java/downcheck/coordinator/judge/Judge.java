package downcheck.coordinator.judge;

import downcheck.model.check.CheckRequest;
import downcheck.model.consensus.Consensus;
import downcheck.model.consensus.Evidence;
import downcheck.model.result.Outcome;
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
 * any kind) and every agent it expects by id has answered ({@link #complete}: a check sent to
 * chosen agents, docs/architecture.md "Direct addressing", may hold several results per region),
 * or at its deadline with whatever came in ({@link #due}). The
 * store applies it where the check's state lives and records why the check closed
 * ({@link Closure}); a closed check's inputs never change again, and the consensus is a pure
 * function of them, so its verdict is frozen as surely as if the view itself were stored.
 */
public final class Judge {
  /** The reason of an agent's local issue when a second opinion did not confirm its DOWN, before the agent's id. */
  public static final String NOT_CONFIRMED = Opinions.NOT_CONFIRMED;

  private Judge() {}

  /** The rule on the answers: every region the check was sent to is among the regions that answered. */
  public static boolean allAnswered(Collection<String> expected, Collection<String> answered) {
    return new HashSet<>(answered).containsAll(expected);
  }

  /**
   * The rule on the answers of a check that may expect agents by id: every expected region among
   * the regions that answered, and every expected agent (none for a check sent to the regions'
   * groups) among the agents that answered.
   */
  public static boolean complete(Collection<String> expectedRegions, Collection<String> expectedAgents,
      Collection<String> answeredRegions, Collection<String> answeredAgents) {
    return allAnswered(expectedRegions, answeredRegions) && new HashSet<>(answeredAgents).containsAll(expectedAgents);
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
    List<Ask> asks = record.review() == null ? List.of() : record.review().asks();
    Assessment a = Consensus.assess(new Evidence(record.displayTarget(), record.expectedRegions(),
        Opinions.fold(record.results(), asks), record.slowMs(), record.client(), deadlinePassed, knownImpaired));
    CheckRequest request = record.request();
    PathTrace path = record.pathTrace();
    Assessment seen = Opinions.attach(a, asks, record.results());
    if (path != null) {
      // the check waits for its traces, or has them: its deadline moved, and its evidence says why
      seen = path.applyTo(seen, closure != null);
    }
    return new CheckView(record.id(), request.target(), request.kind(), request.createdAt(), record.deadline(), false,
        seen.withFinal(closure != null)).sending(request.options().request());
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
    // the original's second opinions are this check's too (their folds are in its results already)
    a = new Assessment(a.verdict(), a.isFinal(), a.justYou(), a.confidence(), a.summary(), a.diagnosis(), a.quorum(),
        a.regions(), a.localIssues(), a.scope(), original.assessment().secondOpinion());
    if (original.diagnosis().cause() == a.diagnosis().cause()
        && original.diagnosis().evidence().startsWith(a.diagnosis().evidence())) {
      a = PathTrace.withDiagnosis(a, original.diagnosis()); // the original's path comparison is the alias's too
    }
    return new CheckView(alias.id(), original.target(), original.kind(), alias.request().createdAt(),
        original.deadline(), true, a.withFinal(original.isFinal())).sending(alias.request().options().request());
  }

  /**
   * A result's vote as the store keeps it beside its JSON, so the finality rule can tell a
   * unanimous check without decoding it: {@code U} a counted UP, {@code D} a counted DOWN,
   * {@code X} anything that is not evidence (an impaired agent, a probe that could not run).
   */
  public static char vote(ProbeResult r) {
    if (r.impaired() || r.outcome() == Outcome.ERROR) {
      return 'X';
    }
    return r.outcome() == Outcome.UP ? 'U' : 'D';
  }

  /**
   * The rule of the second opinion's wait: a check whose every result is a counted UP, or every
   * one a counted DOWN, has nothing to ask (no dissent, full confidence) and closes once all its
   * regions answered; any other, when it may get second opinions, stays open until it was looked
   * at ({@link Review}), then until the agents asked answered, or its (moved) deadline.
   */
  public static boolean unanimous(CharSequence votes) {
    if (votes.isEmpty()) {
      return true;
    }
    char first = votes.charAt(0);
    return first != 'X' && votes.chars().allMatch(c -> c == first);
  }
}
