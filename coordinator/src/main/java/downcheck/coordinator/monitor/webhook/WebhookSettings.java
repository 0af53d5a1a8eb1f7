package downcheck.coordinator.monitor.webhook;

import downcheck.model.check.HostLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How notifications are posted, validated; defaults and help in {@link WebhookOptions}.
 *
 * @param timeout          one attempt's whole deadline: lookup, connect, TLS, sending and the status line
 * @param maxInFlight      deliveries (one change to all its channels, retries included) under way at once on a
 *                         coordinator; a change past it waits in its monitor's outbox for a later look
 * @param dnsServers       DNS servers asked for webhook names, in order; empty = the system resolver
 * @param allowedAddresses addresses notifications may go to although their range is refused (one internal
 *                         receiver a deployment must reach)
 */
public record WebhookSettings(Duration timeout, int maxInFlight, List<InetSocketAddress> dnsServers,
    Set<InetAddress> allowedAddresses) {
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
  static final int MAX_IN_FLIGHT = 10_000;

  public WebhookSettings {
    if (timeout.toMillis() < 100 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("--webhook-timeout-ms must be in 100.." + MAX_TIMEOUT.toMillis() + " ("
          + timeout.toMillis() + ")");
    }
    if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT) {
      throw new IllegalArgumentException("--webhook-max-in-flight must be in 1.." + MAX_IN_FLIGHT + " (" + maxInFlight
          + ")");
    }
    dnsServers = List.copyOf(dnsServers);
    allowedAddresses = Set.copyOf(allowedAddresses);
  }

  public static WebhookSettings defaults() {
    return new WebhookSettings(Duration.ofSeconds(10), 64, List.of(), Set.of());
  }

  /** A DNS server as {@code IP}, {@code IP:PORT} or {@code [v6]:PORT}: an address, so it needs no lookup itself. */
  static InetSocketAddress dnsServer(String text) {
    String s = text.strip();
    String host = s;
    int port = 53;
    if (s.startsWith("[") && s.contains("]")) {
      host = s.substring(0, s.indexOf(']') + 1);
      String rest = s.substring(s.indexOf(']') + 1);
      port = rest.isEmpty() ? 53 : rest.startsWith(":") ? port(rest.substring(1), text) : -1;
    } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = port(s.substring(s.indexOf(':') + 1), text);
    }
    Optional<InetAddress> address = literal(host);
    if (address.isEmpty() || port < 1 || port > 65_535) {
      throw new IllegalArgumentException("--webhook-dns-servers: '" + text + "' is not IP, IP:PORT or [v6]:PORT");
    }
    return new InetSocketAddress(address.get(), port);
  }

  /** An address allowed by {@code --webhook-allow-addresses}: a literal, never a name. */
  static InetAddress allowedAddress(String text) {
    return literal(text.strip()).orElseThrow(() -> new IllegalArgumentException(
        "--webhook-allow-addresses: '" + text + "' is not an IP address"));
  }

  private static Optional<InetAddress> literal(String host) {
    try {
      return host.isEmpty() ? Optional.empty() : HostLiteral.parse(host);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int port(String digits, String text) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--webhook-dns-servers: '" + text + "' has no valid port");
    }
  }
}
