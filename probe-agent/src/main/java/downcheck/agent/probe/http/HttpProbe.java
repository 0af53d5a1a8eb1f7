package downcheck.agent.probe.http;

import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.dns.Resolver;
import downcheck.agent.probe.ssrf.AddressPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.TrustOptions;
import java.time.Clock;

/**
 * {@code http://} and {@code https://} targets. One Vert.x HTTP client per agent with a bounded
 * pool; keep-alive is off so every probe opens (and times) a connection of its own, as a
 * visitor arriving fresh would. Each run is a {@link HttpRun}.
 */
public final class HttpProbe implements Probe {
  /** Connections open at once to one address; the agent intake bounds concurrency overall. */
  static final int MAX_CONNECTIONS_PER_ADDRESS = 16;
  static final int MAX_WAITING = 256;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final ProbeSettings settings;
  private final Resolver resolver;
  private final AddressPolicy policy;
  private final Clock clock;

  public HttpProbe(Vertx vertx, ProbeSettings settings, Resolver resolver, Clock clock) {
    this(vertx, settings, resolver, new AddressPolicy(settings.allowPrivateTargets()), null, clock);
  }

  /**
   * @param trust the certificates to trust; null = the JDK's trust store (production). Tests
   *              trust their own CA here; hostname verification stays on either way.
   */
  HttpProbe(Vertx vertx, ProbeSettings settings, Resolver resolver, AddressPolicy policy, TrustOptions trust,
      Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.resolver = resolver;
    this.policy = policy;
    this.clock = clock;
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(false)
        .setDecompressionSupported(false) // we read a bounded prefix; never inflate a bomb
        .setVerifyHost(true)
        .setForceSni(true)
        .setMaxRedirects(0); // redirects are followed by HttpRun, which judges every hop
    if (trust != null) {
      options.setTrustOptions(trust);
    }
    if (settings.sourceAddress() != null) {
      options.setLocalAddress(settings.sourceAddress());
    }
    this.client = vertx.createHttpClient(options,
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_ADDRESS).setMaxWaitQueueSize(MAX_WAITING));
  }

  @Override
  public Future<ProbeOutcome> run(ProbeSpec spec) {
    return new HttpRun(vertx, client, settings, resolver, policy, clock, spec).start();
  }
}
