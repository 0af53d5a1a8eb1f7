package downcheck.coordinator.opinion;

import downcheck.coordinator.judge.Ask;
import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Judge;
import downcheck.coordinator.store.CheckStore;
import downcheck.model.agent.Heartbeat;
import downcheck.model.check.CheckRequest;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.LocalIssue;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks for second opinions before "down" (docs/consensus.md): a check whose regions all answered
 * but disagree waits, open, for one look ({@link #review}); the rule ({@link SecondOpinionRule})
 * says whom to ask, the store records it once for all coordinators (the first look wins; the
 * others ask no one) and moves the deadline by one {@code timeoutMs}, and the check goes to each
 * agent asked over the direct topic ({@link DirectSender}). The answer is an ordinary result of
 * the check, folded as any other; the check closes once every agent asked answered, or at its
 * moved deadline, by whichever coordinator: its state is all in Hazelcast.
 */
public final class SecondOpinionDesk {
  private static final Logger LOG = LoggerFactory.getLogger(SecondOpinionDesk.class);

  private final CheckStore store;
  private final Supplier<List<Heartbeat>> live;
  private final DirectSender sender;
  private final SecondOpinionSettings settings;
  private final Consumer<String> notConfirmed;

  /**
   * @param live         the live agents, asked at each look
   * @param notConfirmed told the id of each agent whose DOWN a second opinion did not confirm, once
   *                     per final check (the trust record's "not confirmed" count)
   */
  public SecondOpinionDesk(CheckStore store, Supplier<List<Heartbeat>> live, DirectSender sender,
      SecondOpinionSettings settings, Consumer<String> notConfirmed) {
    this.store = store;
    this.live = live;
    this.sender = sender;
    this.settings = settings;
    this.notConfirmed = notConfirmed;
  }

  public SecondOpinionSettings settings() {
    return settings;
  }

  /** Open, every region and expected agent in, and not looked at for a second opinion yet: the store holds it for {@link #review}. */
  public boolean waits(CheckRecord r) {
    if (r.review() == null || r.review().done() || r.isFinal() || r.sharedFrom() != null) {
      return false;
    }
    // every region, and every agent the check was sent to by id: the look comes last
    return Judge.complete(r.expectedRegions(), r.expectedAgents(),
        r.results().stream().map(ProbeResult::region).toList(), r.results().stream().map(ProbeResult::agentId).toList());
  }

  /**
   * The check after its one look, when it {@link #waits}: second opinions asked (or why not), or
   * closed at once when none is wanted. Any other check as it is. When another coordinator looked
   * first, the check as it now stands.
   */
  public Future<CheckRecord> review(CheckRecord r) {
    if (!waits(r)) {
      return Future.succeededFuture(r);
    }
    List<Ask> asks = SecondOpinionRule.decide(Judge.view(r), live.get(), settings);
    boolean asking = asks.stream().anyMatch(Ask::asked);
    CheckRequest q = r.request();
    // at most one timeoutMs more: the agent asked has as long as the first had
    Instant moved = asking ? q.deadline().plusMillis(q.timeoutMs()) : null;
    return store.review(r.id(), asks, moved).compose(updated -> {
      if (updated == null) {
        return store.get(r.id()).map(now -> now == null ? r : now);
      }
      for (Ask ask : asks) {
        if (ask.asked()) {
          send(updated, ask);
        } else {
          LOG.info("check {} {}: no second opinion ({}: {})", r.id(), q.target(), ask.askedBecause(), ask.notAsked());
        }
      }
      return Future.succeededFuture(updated);
    });
  }

  /**
   * A check made final by a result: each agent whose DOWN a second opinion did not confirm is told
   * to {@code notConfirmed}. Called once per check, by the coordinator that closed it.
   */
  public void settled(CheckRecord r) {
    if (r.review() == null || r.review().asks().isEmpty() || !r.isFinal()) {
      return;
    }
    for (LocalIssue issue : Judge.view(r).localIssues()) {
      if (issue.agentId() != null && issue.reason() != null && issue.reason().startsWith(Judge.NOT_CONFIRMED)) {
        notConfirmed.accept(issue.agentId());
      }
    }
  }

  private void send(CheckRecord r, Ask ask) {
    CheckRequest q = r.request();
    CheckRequest direct = new CheckRequest(q.schema(), q.checkId(), q.target(), q.kind(), List.of(ask.region()),
        q.timeoutMs(), q.expect(), q.createdAt(), r.deadline(), q.options(), List.of(ask.agentId()));
    LOG.info("check {} {}: second opinion asked of {} ({})", r.id(), q.target(), ask.agentId(), ask.askedBecause());
    sender.send(direct).onFailure(err -> LOG.warn("check {}: second opinion of {} not sent, the check closes at its "
        + "deadline {}: {}", r.id(), ask.agentId(), r.deadline(), err.toString()));
  }
}
