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
  CONTENT_MISMATCH
}
