package downcheck.cli;

import downcheck.model.verdict.Verdict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run of {@code downcheck check} ends: a final verdict, or the reason there is none.
 * The exit code is the one thing a script reads, so it is decided here and only here; the
 * same table is in docs/cli.md and in {@code --help}.
 */
enum Ending {
  UP, DEGRADED, REGIONAL_OUTAGE, GLOBAL_OUTAGE, INCONCLUSIVE,
  /** The check did not become final before the command's deadline, or the coordinator lost it. */
  NO_VERDICT,
  /** Nothing answers at {@code --server}. */
  NO_COORDINATOR,
  /** A 5xx or a 429: the coordinator cannot take the check now (no live region, overloaded, rate limited). */
  COORDINATOR_UNAVAILABLE,
  /** Something answered, but not with a check: not a coordinator, or a broken one. */
  BAD_ANSWER,
  /** A 4xx other than 429: the request is wrong (bad target, unknown region, missing API key). */
  REFUSED,
  /** A bad option or value on the command line. */
  BAD_USAGE,
  /** The CLI itself failed: a bug. */
  CLI_ERROR;

  static final int OK = 0;
  static final int OUTAGE = 1;
  static final int USAGE = 2;
  static final int NO_ANSWER = 3;

  /** The exit code table, as {@code --help} shows it. */
  static final Map<String, String> HELP = table();

  int exitCode() {
    return switch (this) {
      case UP, DEGRADED -> OK;
      case REGIONAL_OUTAGE, GLOBAL_OUTAGE -> OUTAGE;
      case BAD_USAGE, REFUSED -> USAGE;
      // "try again later" answers: a script should not page anyone over the tool itself
      case INCONCLUSIVE, NO_VERDICT, NO_COORDINATOR, COORDINATOR_UNAVAILABLE, BAD_ANSWER, CLI_ERROR -> NO_ANSWER;
    };
  }

  static Ending of(Verdict verdict) {
    return switch (verdict) {
      case UP -> UP;
      case DEGRADED -> DEGRADED;
      case REGIONAL_OUTAGE -> REGIONAL_OUTAGE;
      case GLOBAL_OUTAGE -> GLOBAL_OUTAGE;
      case INCONCLUSIVE -> INCONCLUSIVE;
      case PENDING -> NO_VERDICT;
    };
  }

  /** An HTTP error status from the coordinator: the caller's fault (4xx) or not now (429, 5xx). */
  static Ending ofStatus(int status) {
    return status == 429 || status >= 500 ? COORDINATOR_UNAVAILABLE : REFUSED;
  }

  private static Map<String, String> table() {
    Map<String, String> help = new LinkedHashMap<>();
    help.put(Integer.toString(OK), "UP or DEGRADED: it answers, maybe slowly");
    help.put(Integer.toString(OUTAGE), "REGIONAL_OUTAGE or GLOBAL_OUTAGE: it is down somewhere");
    help.put(Integer.toString(USAGE), "bad usage: a bad option, or the coordinator refused the request (4xx)");
    help.put(Integer.toString(NO_ANSWER), "no answer: INCONCLUSIVE, no final verdict in time, no coordinator,"
        + " or the coordinator failed (5xx, 429)");
    return Collections.unmodifiableMap(help); // in order: picocli prints it as given
  }
}
