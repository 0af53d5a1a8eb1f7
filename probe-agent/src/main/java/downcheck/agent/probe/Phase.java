package downcheck.agent.probe;

/**
 * Where a probe was when it failed. The same exception means different things in different
 * phases (a timeout while connecting is CONNECT_TIMEOUT, after the request went out it is TIMEOUT),
 * so the classifier needs both.
 */
public enum Phase {
  /** resolving the host name */
  DNS,
  /** opening the TCP connection */
  CONNECT,
  /** the TLS handshake */
  TLS,
  /** the request is sent, waiting for the status line and headers */
  REQUEST,
  /** reading the body */
  BODY
}
