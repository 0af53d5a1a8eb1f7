package downcheck.coordinator.monitor.channel;

import java.util.regex.Pattern;

/**
 * What an email channel may send to: a plain {@code local@domain.tld}, no display name, no
 * comments, nothing an SMTP command or a header could be bent with (no spaces, quotes, angle
 * brackets, commas or control characters).
 */
final class EmailAddresses {
  static final int MAX_LENGTH = 254;
  private static final Pattern ADDRESS = Pattern.compile(
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

  private EmailAddresses() {}

  static boolean valid(String address) {
    return address != null && address.length() <= MAX_LENGTH && ADDRESS.matcher(address).matches()
        && !address.startsWith(".") && !address.contains("..");
  }
}
