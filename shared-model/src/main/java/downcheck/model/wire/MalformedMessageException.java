package downcheck.model.wire;

/** A message that does not parse or breaks a rule of its record: logged, counted, skipped. */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
