package downcheck.model.verdict;

/** The likely cause the evidence points at: {@code diagnosis.cause} of a check (docs/api.md, docs/consensus.md). */
public enum Cause { NONE, DNS, TLS, REFUSED, UNREACHABLE, SERVER_ERROR, MAINTENANCE, OVERLOADED, GEO_BLOCKED }
