package downcheck.coordinator.judge;

import java.time.Instant;
import java.util.List;

/**
 * Whether a check was looked at for a second opinion once all its regions had answered, and
 * what was asked ({@link Ask}). A check that may get one waits, open, for that look when its
 * regions disagree ({@link Judge#unanimous}); {@code deadline}, when second opinions were asked,
 * is the check's deadline moved by at most one {@code timeoutMs}.
 */
public record Review(boolean done, List<Ask> asks, Instant deadline) {
  /** Not looked at yet. */
  public static final Review WAITING = new Review(false, List.of(), null);

  public Review {
    asks = asks == null ? List.of() : List.copyOf(asks);
  }

  /** The agents asked for a second opinion, in order. */
  public List<String> askedAgents() {
    return asks.stream().filter(Ask::asked).map(Ask::agentId).toList();
  }
}
