package downcheck.coordinator.check;

import downcheck.coordinator.judge.CheckRecord;
import downcheck.coordinator.judge.Judge;
import downcheck.model.verdict.CheckView;
import java.util.function.UnaryOperator;

/**
 * Where the asker of one check looks from: the check whose probes and events they follow (their
 * own, or the one theirs was answered from), and how they see it. A shared check sees its
 * original's probes judged with its own asker's view and slowness threshold.
 */
public final class Viewpoint {
  private final String sourceId;
  private final UnaryOperator<CheckView> asSeen;

  private Viewpoint(String sourceId, UnaryOperator<CheckView> asSeen) {
    this.sourceId = sourceId;
    this.asSeen = asSeen;
  }

  static Viewpoint of(CheckRecord record) {
    return record.sharedFrom() == null
        ? new Viewpoint(record.id(), UnaryOperator.identity())
        : new Viewpoint(record.sharedFrom(), original -> Judge.asSeenBy(record, original));
  }

  /** The check whose state and events this asker follows. */
  public String sourceId() {
    return sourceId;
  }

  /** The source check, as this asker sees it. */
  public CheckView see(CheckView source) {
    return asSeen.apply(source);
  }
}
