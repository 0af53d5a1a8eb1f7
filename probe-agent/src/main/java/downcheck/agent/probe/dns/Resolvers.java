package downcheck.agent.probe.dns;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;

/** Picks the resolver from the settings: the named servers, else the system's. */
public final class Resolvers {
  private Resolvers() {}

  /**
   * Named servers win. Otherwise the servers of /etc/resolv.conf, asked directly and without
   * blocking; only when it names none does the blocking system resolver (on its own small
   * worker pool) remain.
   */
  public static Resolver create(Vertx vertx, List<String> dnsServers) {
    List<DnsServer> servers = dnsServers.isEmpty()
        ? DnsServer.fromResolvConf(Path.of("/etc/resolv.conf"))
        : DnsServer.parseAll(dnsServers);
    return servers.isEmpty() ? new BlockingSystemResolver(vertx) : new DnsClientResolver(vertx, servers);
  }
}
