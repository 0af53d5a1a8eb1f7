package downcheck.model.check;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place that knows a check id's shape: {@code c-} + time (base 36, so ids sort by
 * creation) + randomness, lower case, at most 64 characters.
 */
public final class CheckIds {
  public static final String PREFIX = "c-";
  static final int MAX_LENGTH = 64;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern SHAPE = Pattern.compile(PREFIX + "[a-z0-9]+"); // compiled once: every read of a check asks

  private CheckIds() {}

  public static String next(Instant now) {
    String time = Long.toString(now.toEpochMilli(), 36);
    String rand = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    return (PREFIX + time + rand.substring(0, Math.min(8, rand.length()))).toLowerCase(Locale.ROOT);
  }

  /** Whether {@code id} has a check id's whole shape (an id asked for in a URL). */
  public static boolean looksValid(String id) {
    return id != null && id.length() <= MAX_LENGTH && SHAPE.matcher(id).matches();
  }

  /** Whether {@code text} starts as a check id does: a cheap test for text that is one when well formed. */
  public static boolean hasPrefix(String text) {
    return text != null && text.startsWith(PREFIX);
  }

  /** The id without its prefix, for ids made from a check's (an incident's {@code i-...}). */
  public static String withoutPrefix(String checkId) {
    return hasPrefix(checkId) ? checkId.substring(PREFIX.length()) : checkId;
  }
}
