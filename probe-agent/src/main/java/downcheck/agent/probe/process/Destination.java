package downcheck.agent.probe.process;

import downcheck.agent.probe.Deadline;
import downcheck.agent.probe.ErrorClassifier;
import downcheck.agent.probe.Phase;
import downcheck.agent.resolve.DnsLookupException;
import downcheck.agent.resolve.Resolver;
import downcheck.model.check.AddressPolicy;
import downcheck.model.check.HostLiteral;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.Timings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The one address a ping or trace process is pointed at: the host resolved by the agent's own
 * resolver, judged by the address policy, of the family the check asks for. The process gets the
 * literal address, so it can never resolve the name again to an address nobody judged.
 */
public final class Destination {
  private final Vertx vertx;
  private final Resolver resolver;
  private final AddressPolicy policy;
  private final InetAddress source;

  /** @param sourceAddress the local address probes leave from (the agent's --source-address), or null */
  public Destination(Vertx vertx, Resolver resolver, AddressPolicy policy, String sourceAddress) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.policy = policy;
    this.source = literal(sourceAddress);
  }

  private static InetAddress literal(String address) {
    try {
      return address == null ? null : HostLiteral.parse(address).orElse(null);
    } catch (IllegalArgumentException e) {
      return null; // not an address: the processes leave from wherever the system routes them
    }
  }

  /** The local address to send from towards {@code target}: the agent's own when it is of the same family. */
  public Optional<String> sourceFor(InetAddress target) {
    return source != null && source.getClass() == target.getClass() ? Optional.of(text(source)) : Optional.empty();
  }

  /**
   * The address to probe, or the outcome that ends the probe before any process starts.
   *
   * @param ipVersion 4, 6, or null for the first address of either family
   */
  public Future<Found> find(String host, Integer ipVersion, long timeoutMs) {
    long started = System.nanoTime();
    Optional<String> named = policy.refusal(host);
    if (named.isPresent()) {
      return Future.succeededFuture(Found.ended(ProbeOutcome.refused(Timings.total(0), "refused by policy: " + named.get())));
    }
    Future<List<InetAddress>> lookup = Deadline.within(vertx, resolver.addressesOf(host), timeoutMs,
        () -> new DnsLookupException(host + ": no answer within " + timeoutMs + " ms", false));
    return lookup.transform(ar -> {
      long dnsMs = (System.nanoTime() - started) / 1_000_000;
      Timings timings = new Timings(dnsMs, null, null, null, dnsMs);
      if (ar.failed()) {
        Throwable t = ar.cause();
        return Future.succeededFuture(Found.ended(t instanceof IllegalArgumentException
            ? ProbeOutcome.error(timings, t.getMessage())
            : ProbeOutcome.down(ErrorClassifier.classify(t, Phase.DNS), timings, null, ErrorClassifier.message(t))));
      }
      Optional<String> refusal = policy.refusal(host, ar.result());
      if (refusal.isPresent()) {
        return Future.succeededFuture(Found.ended(ProbeOutcome.refused(timings, "refused by policy: " + refusal.get())));
      }
      Optional<InetAddress> chosen = ar.result().stream().filter(a -> ofFamily(a, ipVersion)).findFirst();
      return Future.succeededFuture(chosen.map(a -> new Found(a, dnsMs, null))
          .orElseGet(() -> Found.ended(ProbeOutcome.down(ErrorClass.DNS_FAILURE, timings, null,
              host + " has no IPv" + ipVersion + " address"))));
    });
  }

  private static boolean ofFamily(InetAddress a, Integer ipVersion) {
    return ipVersion == null || (ipVersion == 4 ? a instanceof Inet4Address : a instanceof Inet6Address);
  }

  /** An address as RFC 5952 writes it ({@code ::1}, not the JDK's {@code 0:0:0:0:0:0:0:1}). */
  public static String text(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    int scope = ((Inet6Address) address).getScopeId();
    return scope == 0 ? sb.toString() : sb + "%" + scope;
  }

  /** The flag that pins a process to the address's family. */
  public static String familyFlag(InetAddress address) {
    return address instanceof Inet6Address ? "-6" : "-4";
  }

  /**
   * Either an address (and how long finding it took) or the outcome that ends the probe.
   */
  public record Found(InetAddress address, long dnsMs, ProbeOutcome ended) {
    static Found ended(ProbeOutcome outcome) {
      return new Found(null, 0, outcome);
    }
  }
}
