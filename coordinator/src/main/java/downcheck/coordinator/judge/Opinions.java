package downcheck.coordinator.judge;

import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.SecondOpinion;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.Optional;

/**
 * How second opinions weigh in a check (docs/consensus.md, "A second opinion before down"),
 * applied by {@link Judge} around the consensus. Pure.
 *
 * <ul>
 * <li>Not confirmed: the asked agent saw the target UP (a counted result), so the DOWN of the
 *     agent it was asked about is that agent's own problem: that result is kept and shown,
 *     marked impaired with the reason "not confirmed by &lt;agent&gt;", and so it is a local
 *     issue, not evidence.
 * <li>Confirmed: the asked agent saw it DOWN as well; both count, and each confirmation halves
 *     the doubt left in the confidence ({@code c + (1 - c) / 2}): two networks of one region
 *     agree, so the dissent is the target's, not an agent's path.
 * <li>Otherwise (no answer yet, an impaired agent, a probe that could not run) nothing changes.
 * </ul>
 */
final class Opinions {
  static final String NOT_CONFIRMED = "not confirmed by ";

  private Opinions() {}

  /** The results with every DOWN a second opinion did not confirm marked as its agent's own issue. */
  static List<ProbeResult> fold(List<ProbeResult> results, List<Ask> asks) {
    if (asks.isEmpty()) {
      return results;
    }
    List<ProbeResult> out = new ArrayList<>(results);
    for (Ask ask : asks) {
      if (ask.about() == null || answer(results, ask).filter(Opinions::isUp).isEmpty()) {
        continue;
      }
      out.replaceAll(r -> r.agentId().equals(ask.about()) && isDown(r)
          ? r.withImpaired(true, NOT_CONFIRMED + ask.agentId()) : r);
    }
    return out;
  }

  /** The assessment with the second opinions it was given, and the confidence confirmations add. */
  static Assessment attach(Assessment a, List<Ask> asks, List<ProbeResult> results) {
    if (asks.isEmpty()) {
      return a;
    }
    List<SecondOpinion> opinions = new ArrayList<>();
    double confidence = a.confidence();
    for (Ask ask : asks) {
      Optional<ProbeResult> answer = answer(results, ask);
      Outcome outcome = answer.map(r -> r.impaired() ? Outcome.ERROR : r.outcome()).orElse(null);
      opinions.add(new SecondOpinion(ask.agentId(), ask.region(), ask.askedBecause(), outcome, ask.notAsked()));
      if (ask.about() != null && answer.filter(Opinions::isDown).isPresent() && aboutSaidDown(results, ask)) {
        confidence = Math.round((confidence + (1 - confidence) / 2) * 100) / 100.0;
      }
    }
    return new Assessment(a.verdict(), a.isFinal(), a.justYou(), confidence, a.summary(), a.diagnosis(), a.quorum(),
        a.regions(), a.localIssues(), a.scope(), opinions);
  }

  /** The asked agent's result, the earliest if it sent more than one. */
  private static Optional<ProbeResult> answer(List<ProbeResult> results, Ask ask) {
    if (!ask.asked()) {
      return Optional.empty();
    }
    return results.stream().filter(r -> ask.agentId().equals(r.agentId()) && ask.region().equals(r.region()))
        .min(Comparator.comparing(ProbeResult::finishedAt,
            Comparator.nullsLast(Comparator.naturalOrder())));
  }

  private static boolean aboutSaidDown(List<ProbeResult> results, Ask ask) {
    return results.stream().anyMatch(r -> r.agentId().equals(ask.about()) && isDown(r));
  }

  private static boolean isUp(ProbeResult r) {
    return !r.impaired() && r.outcome() == Outcome.UP;
  }

  private static boolean isDown(ProbeResult r) {
    return !r.impaired() && r.outcome() == Outcome.DOWN;
  }
}
