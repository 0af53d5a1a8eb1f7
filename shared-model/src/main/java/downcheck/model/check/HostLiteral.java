package downcheck.model.check;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a host that is an address written as text, the way a browser does (WHATWG URL
 * "IPv4 parser"): {@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1} and {@code 127.1} are all
 * 127.0.0.1. Such hosts must never reach a DNS resolver (glibc would also read them as numbers,
 * and the SSRF policy has to judge what will really be connected to).
 */
public final class HostLiteral {
  // compiled once: String.matches compiles its pattern on every call, and every check's host comes here
  static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]+"); // Target reads it too
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-f]*");

  private HostLiteral() {}

  /**
   * The address the host names literally, or empty when it is a name to resolve.
   *
   * @throws IllegalArgumentException when it looks numeric but is not a valid address (a browser refuses it too)
   */
  public static Optional<InetAddress> parse(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.contains(":")) {
      return Optional.of(ipv6(h));
    }
    if (!endsInNumber(h)) {
      return Optional.empty();
    }
    return Optional.of(ipv4(h, host));
  }

  private static InetAddress ipv6(String h) {
    if (!IPV6_CHARS.matcher(h).matches()) {
      throw new IllegalArgumentException("'" + h + "' is not a valid IPv6 address");
    }
    try {
      return InetAddress.getByName(h); // a string with ':' is parsed as a literal, never looked up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + h + "' is not a valid IPv6 address");
    }
  }

  private static String[] parts(String h) {
    String s = h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    return s.split("\\.", -1);
  }

  /** WHATWG: the host is an IPv4 address exactly when its last label is a number. */
  private static boolean endsInNumber(String h) {
    String[] parts = parts(h);
    String last = parts[parts.length - 1];
    if (last.isEmpty()) {
      return false;
    }
    if (DECIMAL.matcher(last).matches()) {
      return true;
    }
    return HEX.matcher(last).matches();
  }

  private static InetAddress ipv4(String h, String original) {
    String[] parts = parts(h);
    if (parts.length > 4) {
      throw invalid(original);
    }
    long[] numbers = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      numbers[i] = number(parts[i], original);
    }
    for (int i = 0; i < numbers.length - 1; i++) {
      if (numbers[i] > 255) {
        throw invalid(original);
      }
    }
    int free = 5 - numbers.length; // bytes the last number fills
    long last = numbers[numbers.length - 1];
    if (last >= (1L << (8 * free))) {
      throw invalid(original);
    }
    long value = last;
    for (int i = 0; i < numbers.length - 1; i++) {
      value += numbers[i] << (8 * (3 - i));
    }
    byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw invalid(original); // cannot happen for four bytes
    }
  }

  private static long number(String part, String original) {
    if (part.isEmpty()) {
      throw invalid(original);
    }
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x")) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.isEmpty()) {
      return 0;
    }
    if (digits.length() > 12) {
      throw invalid(original);
    }
    try {
      return Long.parseLong(digits, radix);
    } catch (NumberFormatException e) {
      throw invalid(original);
    }
  }

  private static IllegalArgumentException invalid(String host) {
    return new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
  }
}
