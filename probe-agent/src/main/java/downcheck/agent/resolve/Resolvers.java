package downcheck.agent.resolve;

import io.vertx.core.Vertx;
import java.util.List;

/** Picks the resolver from the settings: the named servers, else the system's. */
public final class Resolvers {
  private Resolvers() {}

  /**
   * Named servers only (no hosts file, no search): tests, and callers that ask what the world
   * sees. None named: as the system resolves ({@link ResolverConfig#of}).
   */
  public static Resolver create(Vertx vertx, List<String> dnsServers) {
    return create(vertx, dnsServers.isEmpty() ? ResolverConfig.of(List.of(), null, null)
        : ResolverConfig.serversOnly(dnsServers));
  }

  /**
   * The hosts file, then the servers asked directly and without blocking, with the search
   * domains. Only when there is no server to ask (resolv.conf names none) does the blocking
   * system resolver (on its own small worker pool) remain, which reads all of that itself.
   */
  public static Resolver create(Vertx vertx, ResolverConfig config) {
    if (config.servers().isEmpty()) {
      return new BlockingSystemResolver(vertx);
    }
    return new SystemLikeResolver(config, new DnsClientResolver(vertx, config.servers()));
  }
}
