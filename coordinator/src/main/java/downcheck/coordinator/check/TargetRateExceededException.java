package downcheck.coordinator.check;

/**
 * A new set of probes refused because the target was probed too often this window, across
 * every coordinator. Not an error of the asker's request: they may wait, or share a check.
 */
public final class TargetRateExceededException extends RuntimeException {
  private final String host;
  private final long retryAfterSeconds;

  public TargetRateExceededException(String host, long retryAfterSeconds) {
    super(host + " was probed too often this minute; try again in " + retryAfterSeconds
        + " s, or without \"fresh\" to share a recent check");
    this.host = host;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public String host() {
    return host;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
