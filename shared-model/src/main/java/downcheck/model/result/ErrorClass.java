package downcheck.model.result;

/**
 * Every failure of a probe lands in exactly one of these; the consensus draws its diagnosis
 * from them (the raw error stays in the result's message). Which failure is which:
 * docs/probes.md, "Error classes".
 */
public enum ErrorClass {
  DNS_NXDOMAIN,
  DNS_FAILURE,
  CONNECT_REFUSED,
  CONNECT_TIMEOUT,
  NETWORK_UNREACHABLE,
  TLS_FAILURE,
  CONNECTION_RESET,
  TIMEOUT,
  HTTP_5XX,
  UNEXPECTED_STATUS,
  CONTENT_MISMATCH,
  /**
   * A ping none of whose echo requests was answered. Many hosts drop ICMP, so this alone is not
   * evidence of an outage (the consensus never calls it a global one).
   */
  NO_ECHO,
  /**
   * Not a failure of the target: the agent would not probe it, as it resolved to an address the
   * network does not probe (private, loopback, ...). Goes with outcome ERROR; never evidence,
   * never an impaired agent.
   */
  TARGET_REFUSED
}
