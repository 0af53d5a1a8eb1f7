package downcheck.model.result;

/** Every failure of a probe lands in exactly one of these (DESIGN.md, "Probes"). */
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
