package downcheck.coordinator.http;

import java.util.List;

/** A refusal the client should see as it is: status, title, detail and, for 429, when to retry. */
public final class ProblemException extends RuntimeException {
  private final int status;
  private final String title;
  private final long retryAfterSeconds;

  public ProblemException(int status, String title, String detail, long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  /** Seconds to wait before trying again; 0 when not a rate limit. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  List<FieldError> errors() {
    return List.of();
  }
}
