package downcheck.coordinator.monitor.webhook;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The flags of notification delivery, mixed into the monitors' (docs/monitors.md, "Delivery"). */
public final class WebhookOptions {
  @Option(names = "--webhook-timeout-ms", defaultValue = "10000", paramLabel = "N",
      description = "One delivery attempt's whole deadline: name lookup, connect, TLS, sending, and the receiver's "
          + "status line (the body of the answer is never read).")
  long timeoutMs;

  @Option(names = "--webhook-max-in-flight", defaultValue = "64", paramLabel = "N",
      description = "Notifications being delivered at once by a coordinator (all of a change's channels and retries "
          + "count as one); more wait in their monitor's outbox.")
  int maxInFlight;

  @Option(names = "--webhook-dns-servers", split = ",", paramLabel = "IP[:PORT]",
      description = "DNS servers that resolve webhook names, asked directly; none = the system resolver.")
  List<String> dnsServers = List.of();

  @Option(names = "--webhook-allow-addresses", split = ",", paramLabel = "IP",
      description = "Addresses notifications may go to although private targets are refused (an internal receiver).")
  List<String> allowAddresses = List.of();

  public WebhookSettings settings() {
    return new WebhookSettings(Duration.ofMillis(timeoutMs), maxInFlight,
        dnsServers.stream().filter(s -> !s.isBlank()).map(WebhookSettings::dnsServer).toList(),
        allowAddresses.stream().filter(s -> !s.isBlank()).map(WebhookSettings::allowedAddress)
            .collect(Collectors.toSet()));
  }
}
