package downcheck.agent.probe.ping;

import downcheck.model.result.PingStats;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the summary of iputils {@code ping -q} in the C locale: {@code "3 packets transmitted, 2
 * received, +1 errors, 33% packet loss"} and {@code "rtt min/avg/max/mdev = a/b/c/d ms"}. Plain
 * Java, no I/O.
 */
final class PingReport {
  private static final Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received(?:, \\+(\\d+) errors)?");
  private static final Pattern RTT = Pattern.compile("= ([\\d.]+)/([\\d.]+)/([\\d.]+)/([\\d.]+) ms");

  private PingReport() {}

  /** What ping's summary says, or empty when it printed none (it could not start sending). */
  static Optional<Summary> parse(String output) {
    Matcher counts = COUNTS.matcher(output);
    if (!counts.find()) {
      return Optional.empty();
    }
    int sent = Integer.parseInt(counts.group(1));
    int received = Math.min(sent, Integer.parseInt(counts.group(2)));
    int errors = counts.group(3) == null ? 0 : Integer.parseInt(counts.group(3));
    double loss = sent == 0 ? 1.0 : Math.round((sent - received) * 1000.0 / sent) / 1000.0;
    Matcher rtt = RTT.matcher(output);
    PingStats stats = received > 0 && rtt.find()
        ? new PingStats(sent, received, loss, ms(rtt.group(1)), ms(rtt.group(2)), ms(rtt.group(3)), ms(rtt.group(4)))
        : new PingStats(sent, received, loss, null, null, null, null);
    return Optional.of(new Summary(stats, errors));
  }

  private static Double ms(String s) {
    return Math.round(Double.parseDouble(s) * 1000.0) / 1000.0;
  }

  /** @param errors ICMP errors (unreachable, TTL exceeded) that came back instead of echo replies */
  record Summary(PingStats stats, int errors) {}
}
