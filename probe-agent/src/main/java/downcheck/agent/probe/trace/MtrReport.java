package downcheck.agent.probe.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import downcheck.agent.probe.process.Destination;
import downcheck.model.check.AddressPolicy;
import downcheck.model.check.HostLiteral;
import downcheck.model.result.Hop;
import downcheck.model.result.TracePath;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code mtr --json --show-ips} (mtr 0.9x): one hub per TTL, {@code host} as
 * {@code "name (address)"}, {@code "address"} or {@code "???"} (no answer), {@code Loss%} and
 * {@code Avg} per hop. Plain Java, no I/O.
 */
final class MtrReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAMED = Pattern.compile("^(\\S+) \\(([0-9A-Fa-f:.]+)\\)$");
  private static final String PRIVATE = "[private address]";

  private MtrReport() {}

  /**
   * The path in {@code json}, at most {@code maxHops} hops; reached when the last hop is
   * {@code target} and answered. A hop the policy refuses (the agent's own network) is shown with
   * no address and the name "[private address]", its RTT and loss kept.
   *
   * @throws IllegalArgumentException when {@code json} is not an mtr report
   */
  static TracePath parse(String json, String protocol, InetAddress target, int maxHops, AddressPolicy policy) {
    JsonNode hubs;
    try {
      hubs = JSON.readTree(json).path("report").path("hubs");
    } catch (IOException e) {
      throw new IllegalArgumentException("mtr printed no report: " + e.getMessage());
    }
    if (!hubs.isArray()) {
      throw new IllegalArgumentException("mtr printed no report (no hubs)");
    }
    List<Hop> hops = new ArrayList<>();
    boolean reached = false;
    for (JsonNode hub : hubs) {
      if (hops.size() >= maxHops) {
        break;
      }
      Hop hop = hop(hub, hops.size() + 1, policy);
      hops.add(hop);
      reached = hop.rttMs() != null && isTarget(hub.path("host").asText(""), target);
    }
    return new TracePath(protocol, hops, reached);
  }

  private static Hop hop(JsonNode hub, int position, AddressPolicy policy) {
    int ttl = hub.path("count").asInt(position);
    double loss = Math.min(1.0, Math.max(0.0, Math.round(hub.path("Loss%").asDouble(100.0) * 10.0) / 1000.0));
    Double rtt = loss >= 1.0 || !hub.hasNonNull("Avg") ? null : round(hub.path("Avg").asDouble());
    Optional<InetAddress> address = addressOf(hub.path("host").asText(""));
    if (address.isEmpty()) {
      return new Hop(ttl, null, null, null, 1.0);
    }
    if (policy.refusal(address.get()).isPresent()) {
      return new Hop(ttl, null, PRIVATE, rtt, loss);
    }
    return new Hop(ttl, Destination.text(address.get()), nameOf(hub.path("host").asText("")), rtt, loss);
  }

  private static boolean isTarget(String host, InetAddress target) {
    return addressOf(host).filter(target::equals).isPresent();
  }

  private static Optional<InetAddress> addressOf(String host) {
    Matcher m = NAMED.matcher(host);
    String literal = m.matches() ? m.group(2) : host;
    try {
      return HostLiteral.parse(literal);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // "???": no answer at this TTL
    }
  }

  /** The reverse name mtr found in time, or null. */
  private static String nameOf(String host) {
    Matcher m = NAMED.matcher(host);
    return m.matches() && !m.group(1).equals(m.group(2)) ? m.group(1) : null;
  }

  private static double round(double ms) {
    return Math.round(ms * 1000.0) / 1000.0;
  }
}
