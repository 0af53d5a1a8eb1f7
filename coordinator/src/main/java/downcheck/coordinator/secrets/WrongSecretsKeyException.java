package downcheck.coordinator.secrets;

/**
 * What a coordinator read was sealed or tagged by another secrets key than its own: it cannot
 * serve those monitors, so it does not start (exit 2, one line naming the flag).
 */
public final class WrongSecretsKeyException extends RuntimeException {
  public WrongSecretsKeyException(String message) {
    super(message, null, false, false);
  }
}
