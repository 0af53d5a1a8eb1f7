package downcheck.model.consensus;

import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.Cause;
import java.util.List;
import java.util.Locale;

/** Words for people: what a failed result or a cause means, and counts of regions. */
final class Phrases {
  private Phrases() {}

  /** What went wrong in one DOWN result: "connection refused", "HTTP 502 server error". */
  static String of(ProbeResult r) {
    Integer status = r.httpStatus();
    return switch (r.errorClass()) {
      case DNS_NXDOMAIN -> "no such domain";
      case DNS_FAILURE -> "DNS lookup failed";
      case CONNECT_REFUSED -> "connection refused";
      case CONNECT_TIMEOUT -> "connection timed out";
      case NETWORK_UNREACHABLE -> "network unreachable";
      case TLS_FAILURE -> "TLS handshake failed";
      case CONNECTION_RESET -> "connection reset";
      case TIMEOUT -> "no answer in time";
      case HTTP_5XX -> status == null ? "server error"
          : status == 503 && hasRetryAfter(r) ? "HTTP 503 for maintenance"
          : "HTTP " + status + " server error";
      case UNEXPECTED_STATUS -> status == null ? "unexpected answer" : "unexpected HTTP " + status;
      case CONTENT_MISMATCH -> "expected content missing";
      case NO_ECHO -> "no ping answered";
      case TARGET_REFUSED -> "not probed: a private address";
    };
  }

  /** A cause in words, for when its evidence mixes several error classes. */
  static String of(Cause cause) {
    return switch (cause) {
      case NONE -> "no failure";
      case DNS -> "DNS failures";
      case TLS -> "TLS failures";
      case REFUSED -> "connection refused";
      case UNREACHABLE -> "unreachable";
      case SERVER_ERROR -> "server errors";
      case MAINTENANCE -> "maintenance";
      case OVERLOADED -> "overloaded";
      case GEO_BLOCKED -> "HTTP 403 (blocked)";
    };
  }

  static boolean hasRetryAfter(ProbeResult r) {
    return r.retryAfter() != null && !r.retryAfter().isBlank();
  }

  /** "1 region", "3 regions". */
  static String regions(int n) {
    return n == 1 ? "1 region" : n + " regions";
  }

  /** Milliseconds as seconds with one decimal: 2400 -> "2.4 s". */
  static String seconds(double ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  /** "a", "a and b", "a, b and c". */
  static String list(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }
}
