package downcheck.agent.probe.tcp;

import downcheck.agent.probe.Deadline;
import downcheck.agent.resolve.DnsLookupException;
import downcheck.agent.probe.ErrorClassifier;
import downcheck.agent.probe.Phase;
import downcheck.agent.probe.Probe;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.resolve.Resolver;
import downcheck.model.check.AddressPolicy;
import downcheck.model.result.Timings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * {@code tcp://host:port}: resolve, judge the address, open a TCP connection to it, close it.
 * Up when the handshake completes; nothing is sent.
 */
public final class TcpProbe implements Probe {
  private final Vertx vertx;
  private final NetClient client;
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
    this.client = vertx.createNetClient(options);
  }

  @Override
  public Future<ProbeOutcome> run(ProbeSpec spec) {
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
      if (ar.failed()) {
        return Future.succeededFuture(failed(ar.cause(), Phase.DNS, new Timings(dnsMs, null, null, null, dnsMs), null));
      }
      Optional<String> refusal = policy.refusal(host, ar.result());
      if (refusal.isPresent()) {
        return Future.succeededFuture(ProbeOutcome.refused(new Timings(dnsMs, null, null, null, dnsMs),
            "refused by policy: " + refusal.get()));
      }
      return connect(spec, ar.result().get(0), started, dnsMs);
    });
  }

  private Future<ProbeOutcome> connect(ProbeSpec spec, InetAddress ip, long started, long dnsMs) {
    long remaining = Math.max(1, spec.timeout().toMillis() - msSince(started));
    String address = ip.getHostAddress();
    long t0 = System.nanoTime();
    ConnectOptions options = new ConnectOptions()
        .setRemoteAddress(SocketAddress.inetSocketAddress(spec.target().port(), address))
        .setTimeout((int) remaining);
    Future<NetSocket> connected = client.connect(options);
    // a connection that completes after the deadline is closed at once: it is no longer ours
    connected.onSuccess(socket -> socket.close());
    Future<NetSocket> inTime = Deadline.within(vertx, connected, remaining,
        () -> new TimeoutException("connect to " + address + " did not complete within " + spec.timeout().toMillis() + " ms"));
    return inTime.transform(ar -> {
      long connectMs = msSince(t0);
      Timings timings = new Timings(dnsMs, connectMs, null, null, msSince(started));
      if (ar.failed()) {
        return Future.succeededFuture(failed(ar.cause(), Phase.CONNECT, timings, address));
      }
      return Future.succeededFuture(ProbeOutcome.up(timings, address));
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
