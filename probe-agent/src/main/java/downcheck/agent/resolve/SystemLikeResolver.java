package downcheck.agent.resolve;

import io.netty.resolver.HostsFileEntriesProvider;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves a name as the operating system would, without blocking: the hosts file first (read
 * once, when the agent starts), then the DNS servers through {@link DnsClientResolver}, trying
 * the search domains as the C library does. The lookup fails with NXDOMAIN only when every
 * candidate name does not exist; a server failure on any of them makes it a DNS failure.
 */
final class SystemLikeResolver implements Resolver {
  private final Map<String, List<InetAddress>> v4;
  private final Map<String, List<InetAddress>> v6;
  private final Resolver dns;
  private final ResolverConfig config;

  public SystemLikeResolver(ResolverConfig config, Resolver dns) {
    this.config = config;
    this.dns = dns;
    if (config.hostsFile() == null) {
      this.v4 = Map.of();
      this.v6 = Map.of();
    } else {
      // netty's parser, as Vert.x's own resolver reads hosts files: lower-cased names, bad lines skipped
      HostsFileEntriesProvider hosts = HostsFileEntriesProvider.parser().parseSilently(config.hostsFile().toFile());
      this.v4 = hosts.ipv4Entries();
      this.v6 = hosts.ipv6Entries();
    }
  }

  @Override
  public Future<List<InetAddress>> resolve(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    List<InetAddress> fromFile = fromHostsFile(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    if (!fromFile.isEmpty()) {
      return Future.succeededFuture(fromFile);
    }
    return tryCandidates(config.candidates(name), 0, null);
  }

  private Future<List<InetAddress>> tryCandidates(List<String> names, int i, DnsLookupException serverFailure) {
    return dns.resolve(names.get(i)).recover(err -> {
      DnsLookupException failure = err instanceof DnsLookupException d ? d
          : new DnsLookupException(names.get(i) + ": " + err.getMessage(), false);
      DnsLookupException worst = serverFailure != null ? serverFailure : failure.nxdomain() ? null : failure;
      if (i + 1 < names.size()) {
        return tryCandidates(names, i + 1, worst);
      }
      return Future.failedFuture(worst != null ? worst : failure);
    });
  }

  private List<InetAddress> fromHostsFile(String name) {
    List<InetAddress> out = new ArrayList<>(v4.getOrDefault(name, List.of()));
    out.addAll(v6.getOrDefault(name, List.of()));
    return out;
  }
}
