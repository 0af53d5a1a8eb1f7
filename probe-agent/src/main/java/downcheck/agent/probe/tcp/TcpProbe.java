package downcheck.agent.probe.tcp;

import downcheck.agent.probe.Deadline;
import downcheck.agent.resolve.DnsLookupException;
import downcheck.agent.probe.ErrorClassifier;
import downcheck.agent.probe.Phase;
import downcheck.agent.probe.dial.AddressOrder;
import downcheck.agent.probe.dial.HappyEyeballs;
import downcheck.agent.probe.Probe;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.resolve.Resolver;
import downcheck.model.check.AddressPolicy;
import downcheck.model.result.AddressTry;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Timings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * {@code tcp://host:port}: resolve, judge the addresses (of the check's IP family, when it names
 * one), open a TCP connection to one of them as a browser would ({@link HappyEyeballs}), close it.
 * Up when a handshake completes; nothing is sent.
 */
public final class TcpProbe implements Probe {
  private final Vertx vertx;
  private final HappyEyeballs dialler;
  private final Resolver resolver;
  private final AddressPolicy policy;

  public TcpProbe(Vertx vertx, ProbeSettings settings, Resolver resolver) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.policy = new AddressPolicy(settings.allowPrivateTargets());
    NetClientOptions options = new NetClientOptions();
    if (settings.sourceAddress() != null) {
      options.setLocalAddress(settings.sourceAddress());
    }
    this.dialler = new HappyEyeballs(vertx, vertx.createNetClient(options));
  }

  @Override
  public Future<ProbeOutcome> run(ProbeSpec spec) {
    // one context for the whole probe: the dial's timers and connects call back on it alone
    Promise<ProbeOutcome> outcome = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> probe(spec).onComplete(outcome));
    return outcome.future();
  }

  private Future<ProbeOutcome> probe(ProbeSpec spec) {
    long started = System.nanoTime();
    long timeoutMs = spec.timeout().toMillis();
    String host = spec.target().host();
    Optional<String> named = policy.refusal(host);
    if (named.isPresent()) {
      return Future.succeededFuture(ProbeOutcome.refused(Timings.total(0), "refused by policy: " + named.get()));
    }
    Future<List<InetAddress>> lookup = Deadline.within(vertx, resolver.addressesOf(host), timeoutMs,
        () -> new DnsLookupException(host + ": no answer within " + timeoutMs + " ms", false));
    return lookup.transform(ar -> {
      long dnsMs = msSince(started);
      Timings dnsOnly = new Timings(dnsMs, null, null, null, dnsMs);
      if (ar.failed()) {
        return Future.succeededFuture(failed(ar.cause(), Phase.DNS, dnsOnly, null));
      }
      Integer ipVersion = spec.options().ipVersion();
      List<InetAddress> family = AddressOrder.ofFamily(ar.result(), ipVersion);
      if (family.isEmpty()) {
        return Future.succeededFuture(ProbeOutcome.down(ErrorClass.DNS_FAILURE, dnsOnly, null,
            host + " has no " + AddressOrder.familyName(ipVersion) + " address (ipVersion " + ipVersion + ")"));
      }
      Optional<String> refusal = policy.refusal(host, family);
      if (refusal.isPresent()) {
        return Future.succeededFuture(ProbeOutcome.refused(dnsOnly, "refused by policy: " + refusal.get()));
      }
      return connect(spec, AddressOrder.of(family, ipVersion), started, dnsMs);
    });
  }

  /** Happy Eyeballs over the name's addresses; up when any of them completes the handshake. */
  private Future<ProbeOutcome> connect(ProbeSpec spec, List<InetAddress> addresses, long started, long dnsMs) {
    long remaining = Math.max(1, spec.timeout().toMillis() - msSince(started));
    int port = spec.target().port();
    HappyEyeballs.Dial dial = dialler.dial(addresses,
        ip -> SocketAddress.inetSocketAddress(port, ip.getHostAddress()), remaining);
    // a connection that completes after the deadline is closed by the dial: it is no longer ours
    Future<HappyEyeballs.Connected> inTime = Deadline.within(vertx, dial.future(), remaining,
        () -> new TimeoutException("connect to " + addresses.get(0).getHostAddress()
            + (addresses.size() > 1 ? " and " + (addresses.size() - 1) + " more" : "")
            + " did not complete within " + spec.timeout().toMillis() + " ms"));
    return inTime.transform(ar -> {
      long total = msSince(started);
      if (ar.succeeded()) {
        HappyEyeballs.Connected c = ar.result();
        c.socket().close();
        return Future.succeededFuture(ProbeOutcome.up(new Timings(dnsMs, c.connectMs(), null, null, total), c.address())
            .withAddressesTried(c.tried()));
      }
      List<AddressTry> tried = ar.cause() instanceof HappyEyeballs.DialFailedException f ? f.tried() : dial.abandon();
      AddressTry last = tried.get(tried.size() - 1);
      Timings timings = new Timings(dnsMs, last.connectMs(), null, null, total);
      return Future.succeededFuture(failed(ar.cause(), Phase.CONNECT, timings, last.address()).withAddressesTried(tried));
    });
  }

  private static ProbeOutcome failed(Throwable failure, Phase phase, Timings timings, String address) {
    if (failure instanceof IllegalArgumentException) {
      return ProbeOutcome.error(timings, failure.getMessage());
    }
    return ProbeOutcome.down(ErrorClassifier.classify(failure, phase), timings, address,
        ErrorClassifier.message(failure));
  }

  private static long msSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
