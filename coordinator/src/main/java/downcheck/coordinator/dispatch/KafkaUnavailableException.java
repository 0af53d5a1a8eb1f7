package downcheck.coordinator.dispatch;

/** Kafka did not take a check: the network cannot start it now; the client may try again soon. */
public final class KafkaUnavailableException extends RuntimeException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
