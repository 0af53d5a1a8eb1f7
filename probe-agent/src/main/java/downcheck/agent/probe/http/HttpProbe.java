package downcheck.agent.probe.http;

import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeMemory;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.dial.HappyEyeballs;
import downcheck.agent.resolve.Resolver;
import downcheck.model.check.AddressPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import java.time.Clock;

/**
 * {@code http://} and {@code https://} targets. A plain TCP client per agent: each run opens its
 * own connection, upgrades it to TLS itself and speaks HTTP/1.1, or HTTP/2 when the server picks
 * it through ALPN, over it ({@link HttpRun}), so
 * the TCP connect, the TLS handshake and the wait for the first byte are timed apart, as a
 * visitor arriving fresh would live them. The HTTP client of Vert.x has no hook between connect
 * and the end of the handshake, and its {@code upgradeToSsl} offers no ALPN ({@link TlsClient}).
 */
public final class HttpProbe implements Probe {
  private final Vertx vertx;
  private final HappyEyeballs dialler;
  private final TlsClient tls;
  private final ProbeSettings settings;
  private final Resolver resolver;
  private final AddressPolicy policy;
  private final Clock clock;
  private final ProbeMemory memory;

  /** With no memory budget (canaries, tests). */
  public HttpProbe(Vertx vertx, ProbeSettings settings, Resolver resolver, Clock clock) {
    this(vertx, settings, resolver, clock, ProbeMemory.unlimited());
  }

  /** @param memory what the agent's probes in flight may hold in total, shared by its lanes */
  public HttpProbe(Vertx vertx, ProbeSettings settings, Resolver resolver, Clock clock, ProbeMemory memory) {
    this(vertx, settings, resolver, new AddressPolicy(settings.allowPrivateTargets()), null, clock, memory);
  }

  /**
   * @param trust the certificates to trust; null = the JDK's trust store (production). Tests
   *              trust their own CA here; hostname verification stays on either way.
   */
  HttpProbe(Vertx vertx, ProbeSettings settings, Resolver resolver, AddressPolicy policy, TrustOptions trust,
      Clock clock) {
    this(vertx, settings, resolver, policy, trust, clock, ProbeMemory.unlimited());
  }

  HttpProbe(Vertx vertx, ProbeSettings settings, Resolver resolver, AddressPolicy policy, TrustOptions trust,
      Clock clock, ProbeMemory memory) {
    this.memory = memory;
    this.vertx = vertx;
    this.settings = settings;
    this.resolver = resolver;
    this.policy = policy;
    this.clock = clock;
    NetClientOptions options = new NetClientOptions();
    if (settings.sourceAddress() != null) {
      options.setLocalAddress(settings.sourceAddress());
    }
    this.dialler = new HappyEyeballs(vertx, vertx.createNetClient(options));
    this.tls = new TlsClient(vertx, trust);
  }

  @Override
  public Future<ProbeOutcome> run(ProbeSpec spec) {
    return new HttpRun(vertx, dialler, tls, settings, resolver, policy, clock, spec, memory).start();
  }
}
