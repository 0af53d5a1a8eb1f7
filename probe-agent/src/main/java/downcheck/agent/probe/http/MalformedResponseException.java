package downcheck.agent.probe.http;

/**
 * The server answered, but not with an HTTP/1.x response a client can accept: a broken status
 * line or field, bad body framing, or a head larger than the limits. The message says which.
 */
final class MalformedResponseException extends Exception {
  MalformedResponseException(String message) {
    super(message, null, false, false);
  }
}
