package downcheck.cli;

/**
 * Why the command ends without a verdict, said for a person: one or two plain lines, never a
 * stack trace. The ending decides the exit code.
 */
final class Failure extends Exception {
  private final Ending ending;

  Failure(Ending ending, String message) {
    super(message, null, false, false);
    this.ending = ending;
  }

  Ending ending() {
    return ending;
  }

  /** The first message in a chain of causes: the JDK's HTTP client often wraps the one that says what happened. */
  static String reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        String first = t.getMessage().lines().findFirst().orElse("").strip();
        return first.isEmpty() ? t.getClass().getSimpleName() : first;
      }
    }
    return error.getClass().getSimpleName();
  }
}
