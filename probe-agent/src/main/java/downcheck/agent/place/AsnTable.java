package downcheck.agent.place;

import downcheck.model.agent.Places;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * An operator's table of address prefixes and the AS numbers that announce them, read from a
 * local file ({@code --asn-table}); no network look-up. One entry a line, {@code CIDR ASN}
 * ({@code 203.0.113.0/24 3320} or {@code 2001:db8::/32 AS3320}), {@code #} starts a comment.
 * The longest matching prefix wins. Bounded: at most {@link #MAX_BYTES} bytes and
 * {@link #MAX_ENTRIES} entries; a bad line fails the start naming the file and the line.
 */
public final class AsnTable {
  static final long MAX_BYTES = 4L << 20;
  static final int MAX_ENTRIES = 100_000;

  private record Entry(byte[] network, int bits, long asn) {}

  private final List<Entry> entries;

  private AsnTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The table in {@code file}; fails with one line naming {@code --asn-table}, the file and the bad line. */
  public static AsnTable read(Path file) {
    String where = "--asn-table " + file;
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(where + ": no such file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(where + ": larger than " + MAX_BYTES + " bytes");
      }
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), where);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  static AsnTable parse(List<String> lines, String where) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceFirst("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      if (entries.size() >= MAX_ENTRIES) {
        throw new IllegalArgumentException(where + ": more than " + MAX_ENTRIES + " entries");
      }
      entries.add(entry(line, where + " line " + (i + 1)));
    }
    return new AsnTable(entries);
  }

  private static Entry entry(String line, String where) {
    String[] parts = line.split("\\s+");
    if (parts.length != 2 || !parts[0].contains("/")) {
      throw new IllegalArgumentException(where + ": '" + clip(line) + "' is not 'CIDR ASN'");
    }
    String[] cidr = parts[0].split("/", 2);
    byte[] network = literal(cidr[0], where);
    int bits;
    try {
      bits = Integer.parseInt(cidr[1]);
    } catch (NumberFormatException e) {
      bits = -1;
    }
    if (bits < 0 || bits > network.length * 8) {
      throw new IllegalArgumentException(where + ": '" + clip(parts[0]) + "' has no valid prefix length");
    }
    String number = parts[1].toUpperCase(Locale.ROOT).startsWith("AS") ? parts[1].substring(2) : parts[1];
    long asn;
    try {
      asn = Long.parseLong(number);
    } catch (NumberFormatException e) {
      asn = -1;
    }
    String why = Places.asn(asn);
    if (why != null) {
      throw new IllegalArgumentException(where + ": AS '" + clip(parts[1]) + "' " + why);
    }
    return new Entry(network, bits, asn);
  }

  /** An address literal only: a name here would be a DNS look-up. */
  private static byte[] literal(String text, String where) {
    if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      throw new IllegalArgumentException(where + ": '" + clip(text) + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(where + ": '" + clip(text) + "' is not an IP address");
    }
  }

  /** The AS of the longest prefix holding {@code address}, if any. */
  public OptionalLong lookup(InetAddress address) {
    byte[] a = address.getAddress();
    Entry best = null;
    for (Entry e : entries) {
      if (e.network().length == a.length && (best == null || e.bits() > best.bits()) && holds(e, a)) {
        best = e;
      }
    }
    return best == null ? OptionalLong.empty() : OptionalLong.of(best.asn());
  }

  public int size() {
    return entries.size();
  }

  private static boolean holds(Entry e, byte[] address) {
    int width = address.length * 8;
    BigInteger mask = e.bits() == 0 ? BigInteger.ZERO
        : BigInteger.ONE.shiftLeft(e.bits()).subtract(BigInteger.ONE).shiftLeft(width - e.bits());
    return new BigInteger(1, address).and(mask).equals(new BigInteger(1, e.network()).and(mask));
  }

  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
