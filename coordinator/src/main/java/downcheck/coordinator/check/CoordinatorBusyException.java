package downcheck.coordinator.check;

/**
 * A new set of probes refused because this coordinator has its most checks open: the agents
 * behind it are busy. Not an error of the request; the asker may try again shortly, or elsewhere.
 */
public final class CoordinatorBusyException extends RuntimeException {
  public static final long RETRY_AFTER_SECONDS = 1;

  public CoordinatorBusyException(int open) {
    super(message(open), null, false, false); // an answer to a crowd: no stack trace to fill in
  }

  /** What the asker is told, with this many checks open. */
  public static String message(int open) {
    return "this coordinator has " + open + " checks open, its most (--max-open-checks); try again in "
        + RETRY_AFTER_SECONDS + " s";
  }
}
