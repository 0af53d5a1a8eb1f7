package downcheck.model.verdict;

/** The likely cause the evidence points at (API.md, {@code diagnosis.cause}). */
public enum Cause { NONE, DNS, TLS, REFUSED, UNREACHABLE, SERVER_ERROR, MAINTENANCE, OVERLOADED, GEO_BLOCKED }
