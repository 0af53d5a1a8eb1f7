package downcheck.coordinator.monitor.webhook;

/** The address rule refused the receiver's address: nothing was sent, and a retry would be refused again. */
public final class WebhookRefusedException extends RuntimeException {
  WebhookRefusedException(String message) {
    super(message, null, false, false);
  }
}
