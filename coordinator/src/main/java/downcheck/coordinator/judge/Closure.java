package downcheck.coordinator.judge;

import downcheck.model.verdict.LocalIssue;
import java.util.List;

/**
 * Why a check was closed, as the store records it ({@link Judge} says when): every region it was
 * sent to answered, or its deadline passed. A check still open has none.
 *
 * @param deadlinePassed closed by its deadline, with whatever had come in: silent regions are MISSING
 * @param knownImpaired  the agents the network knew to be impaired at the deadline (from their
 *                       heartbeats): a silent region of theirs is IMPAIRED, not MISSING
 */
public record Closure(boolean deadlinePassed, List<LocalIssue> knownImpaired) {
  /** Closed because every region answered. */
  public static final Closure ANSWERED = new Closure(false, List.of());

  public Closure {
    knownImpaired = knownImpaired == null ? List.of() : List.copyOf(knownImpaired);
  }

  /** Closed at the deadline, {@code knownImpaired} as in {@link Closure}. */
  public static Closure atDeadline(List<LocalIssue> knownImpaired) {
    return new Closure(true, knownImpaired);
  }
}
