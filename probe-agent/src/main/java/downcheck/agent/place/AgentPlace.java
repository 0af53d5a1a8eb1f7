package downcheck.agent.place;

import downcheck.model.agent.Location;
import downcheck.model.agent.Places;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an agent stands, from its flags ({@code --country}, {@code --city}, {@code --provider},
 * {@code --asn}, {@code --tags}, {@code --asn-table}): each value judged by {@link Places}, a bad
 * one an {@link IllegalArgumentException} naming the flag (one line and exit 2 at start).
 * Without {@code --asn}, an {@code --asn-table} names the AS of the agent's own outbound address:
 * {@code --source-address} when given, else the local address the system routes public traffic
 * from (asked of the routing table by a UDP socket that sends nothing).
 */
public final class AgentPlace {
  private static final Logger LOG = LoggerFactory.getLogger(AgentPlace.class);
  /** Any public address: only the route to it is asked for, nothing is sent. */
  private static final InetSocketAddress PUBLIC = new InetSocketAddress("192.0.2.1", 53);

  private AgentPlace() {}

  /** The flags as given (null or empty: not given). */
  public record Flags(String country, String city, String provider, Long asn, List<String> tags, Path asnTable,
      String sourceAddress) {}

  public static Location of(Flags f) {
    String country = f.country() == null ? null : f.country().strip().toUpperCase(Locale.ROOT);
    check("--country", country, Places::country);
    String city = f.city() == null ? null : f.city().strip();
    check("--city", city, Places::city);
    String provider = f.provider() == null ? null : f.provider().strip();
    check("--provider", provider, Places::provider);
    List<String> tags = f.tags() == null ? List.of()
        : f.tags().stream().map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
    String whyTags = Places.tags(tags);
    if (whyTags != null) {
      throw new IllegalArgumentException("--tags: " + whyTags);
    }
    Long asn = f.asn();
    if (asn != null && Places.asn(asn) != null) {
      throw new IllegalArgumentException("--asn: " + asn + " " + Places.asn(asn));
    }
    if (asn == null && f.asnTable() != null) {
      asn = fromTable(AsnTable.read(f.asnTable()), f.sourceAddress(), f.asnTable());
    }
    return new Location(empty(country), empty(city), empty(provider), asn, tags);
  }

  private static Long fromTable(AsnTable table, String sourceAddress, Path file) {
    InetAddress own = outbound(sourceAddress);
    OptionalLong asn = own == null ? OptionalLong.empty() : table.lookup(own);
    if (asn.isEmpty()) {
      LOG.info("--asn-table {}: no entry holds this agent's outbound address {}; the agent states no AS", file,
          own == null ? "(none found)" : own.getHostAddress());
      return null;
    }
    LOG.info("--asn-table {}: outbound address {} is in AS{}", file, own.getHostAddress(), asn.getAsLong());
    return asn.getAsLong();
  }

  /** The address this agent's probes leave from, or null when the system has no route out. */
  static InetAddress outbound(String sourceAddress) {
    try {
      if (sourceAddress != null && !sourceAddress.isBlank()) {
        return InetAddress.getByName(sourceAddress.strip());
      }
      try (DatagramSocket socket = new DatagramSocket()) {
        socket.connect(PUBLIC);
        InetAddress local = socket.getLocalAddress();
        return local == null || local.isAnyLocalAddress() ? null : local;
      }
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static void check(String flag, String value, java.util.function.Function<String, String> rule) {
    if (value != null && !value.isEmpty()) {
      String why = rule.apply(value);
      if (why != null) {
        throw new IllegalArgumentException(flag + ": '" + clip(value) + "' " + why);
      }
    }
  }

  private static String empty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String clip(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
  }
}
