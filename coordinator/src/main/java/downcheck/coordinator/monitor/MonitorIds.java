package downcheck.coordinator.monitor;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;

/** Monitor ids: {@code m-} + time (base 36) + randomness, like check ids. */
final class MonitorIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private MonitorIds() {}

  static String next(Instant now) {
    String rand = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    return ("m-" + Long.toString(now.toEpochMilli(), 36) + rand.substring(0, Math.min(8, rand.length())))
        .toLowerCase(Locale.ROOT);
  }

  static boolean looksValid(String id) {
    return id != null && id.length() <= 64 && id.matches("m-[a-z0-9]+");
  }
}
