package downcheck.agent.probe;

import downcheck.agent.resolve.ResolverConfig;
import downcheck.runtime.settings.ManifestVersion;
import java.util.List;

/**
 * How an agent's probes behave.
 *
 * @param sourceAddress        local address outgoing probe connections bind to; null = any
 * @param allowPrivateTargets  lift the SSRF guard (private deployments and tests)
 * @param userAgent            the User-Agent of HTTP probes; names downcheck and the region
 * @param maxRedirects         redirects an HTTP probe follows
 * @param dnsServers           resolvers (host or host:port) asked alone, without hosts file or search; empty = {@code resolver}
 * @param resolver             how names resolve when no {@code dnsServers} are named; null = as the system does
 */
public record ProbeSettings(
    String sourceAddress,
    boolean allowPrivateTargets,
    String userAgent,
    int maxRedirects,
    List<String> dnsServers,
    ResolverConfig resolver) {

  public ProbeSettings {
    dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
    userAgent = userAgent == null ? "downcheck-agent" : userAgent;
  }

  public ProbeSettings(String sourceAddress, boolean allowPrivateTargets, String userAgent, int maxRedirects,
      List<String> dnsServers) {
    this(sourceAddress, allowPrivateTargets, userAgent, maxRedirects, dnsServers, null);
  }

  public static ProbeSettings forRegion(String region, String sourceAddress, boolean allowPrivateTargets) {
    return forRegion(region, sourceAddress, allowPrivateTargets, null);
  }

  public static ProbeSettings forRegion(String region, String sourceAddress, boolean allowPrivateTargets,
      ResolverConfig resolver) {
    return new ProbeSettings(sourceAddress, allowPrivateTargets,
        "downcheck-agent/" + ManifestVersion.current() + " (region " + region + ")", 5, List.of(), resolver);
  }

  /** The resolver these settings describe. */
  public ResolverConfig resolverConfig() {
    if (!dnsServers.isEmpty()) {
      return ResolverConfig.serversOnly(dnsServers);
    }
    return resolver != null ? resolver : ResolverConfig.of(List.of(), null, null);
  }
}
