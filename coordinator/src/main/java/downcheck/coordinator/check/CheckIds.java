package downcheck.coordinator.check;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/** Check ids: {@code c-} + time (base 36, so they sort by creation) + randomness. */
public final class CheckIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern SHAPE = Pattern.compile("c-[a-z0-9]+"); // compiled once: every read of a check asks

  private CheckIds() {}

  public static String next(Instant now) {
    String time = Long.toString(now.toEpochMilli(), 36);
    String rand = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    return ("c-" + time + rand.substring(0, Math.min(8, rand.length()))).toLowerCase(Locale.ROOT);
  }

  public static boolean looksValid(String id) {
    return id != null && id.length() <= 64 && SHAPE.matcher(id).matches();
  }
}
