package downcheck.agent.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How probes resolve names, as the operating system does (docs/probes.md, "Name resolution"):
 * a hosts file first, then DNS servers asked directly, with the search domains for short names.
 *
 * @param servers       DNS servers to ask, in order (a failing one hands over to the next)
 * @param hostsFile     names found here resolve to its addresses without DNS; null = none
 * @param searchDomains appended to a name with fewer than {@code ndots} dots, tried before the name itself
 * @param ndots         dots a name needs to be tried as it is first (resolv.conf's {@code options ndots}, 1 by default)
 */
public record ResolverConfig(List<DnsServer> servers, Path hostsFile, List<String> searchDomains, int ndots) {
  public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
  public static final Path HOSTS = Path.of("/etc/hosts");

  public ResolverConfig {
    servers = List.copyOf(servers);
    searchDomains = searchDomains.stream().map(ResolverConfig::domain).filter(d -> !d.isEmpty()).toList();
    if (ndots < 0 || ndots > 15) {
      throw new IllegalArgumentException("ndots: " + ndots + " is not in 0..15");
    }
  }

  /** Only these servers: no hosts file, no search (a probe that asks what the world sees, and tests). */
  public static ResolverConfig serversOnly(List<String> servers) {
    return new ResolverConfig(DnsServer.parseAll(servers), null, List.of(), 1);
  }

  /**
   * From the agent's flags, the rest from the system as the C library reads it: servers, search
   * domains and ndots from /etc/resolv.conf, names from /etc/hosts.
   *
   * @param servers       named servers; empty = resolv.conf's
   * @param hostsFile     a hosts file; null = /etc/hosts, blank = none
   * @param searchDomains search domains; null = resolv.conf's, empty = none
   */
  public static ResolverConfig of(List<String> servers, String hostsFile, List<String> searchDomains) {
    ResolvConf system = ResolvConf.read(RESOLV_CONF);
    return new ResolverConfig(
        servers.isEmpty() ? system.servers() : DnsServer.parseAll(servers),
        hostsFile == null ? HOSTS : hostsFile.isBlank() ? null : Path.of(hostsFile.strip()),
        searchDomains == null ? system.search() : searchDomains,
        system.ndots());
  }

  /** The names to ask for, in order, as the C library's res_search does. */
  public List<String> candidates(String host) {
    if (host.endsWith(".") || searchDomains.isEmpty()) {
      return List.of(stripDot(host));
    }
    List<String> out = new ArrayList<>();
    long dots = host.chars().filter(c -> c == '.').count();
    if (dots >= ndots) {
      out.add(host);
    }
    for (String d : searchDomains) {
      out.add(host + "." + d);
    }
    if (dots < ndots) {
      out.add(host);
    }
    return out;
  }

  private static String domain(String d) {
    return stripDot(d.strip().toLowerCase(java.util.Locale.ROOT));
  }

  private static String stripDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** What a resolv.conf says: {@code nameserver}, {@code search} (or {@code domain}) and {@code options ndots:N}. */
  public record ResolvConf(List<DnsServer> servers, List<String> search, int ndots) {
    public static ResolvConf read(Path file) {
      List<DnsServer> servers = new ArrayList<>();
      List<String> search = new ArrayList<>();
      int ndots = 1;
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (IOException | RuntimeException e) {
        return new ResolvConf(List.of(), List.of(), 1);
      }
      for (String line : lines) {
        String[] w = line.strip().split("\\s+");
        if (w.length < 2 || w[0].startsWith("#") || w[0].startsWith(";")) {
          continue;
        }
        switch (w[0]) {
          case "nameserver" -> {
            String host = w[1].contains("%") ? w[1].substring(0, w[1].indexOf('%')) : w[1];
            servers.add(new DnsServer(host, 53));
          }
          case "search", "domain" -> { // the last of them wins, as in the C library
            search.clear();
            search.addAll(List.of(w).subList(1, w.length));
          }
          case "options" -> {
            for (String o : w) {
              if (o.matches("ndots:\\d{1,2}")) {
                ndots = Math.min(15, Integer.parseInt(o.substring(6)));
              }
            }
          }
          default -> { }
        }
      }
      return new ResolvConf(servers, search, ndots);
    }
  }
}
