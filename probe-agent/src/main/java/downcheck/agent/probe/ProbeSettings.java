package downcheck.agent.probe;

import downcheck.runtime.settings.ManifestVersion;
import java.util.List;

/**
 * How an agent's probes behave.
 *
 * @param sourceAddress        local address outgoing probe connections bind to; null = any
 * @param allowPrivateTargets  lift the SSRF guard (private deployments and tests)
 * @param userAgent            the User-Agent of HTTP probes; names downcheck and the region
 * @param maxRedirects         redirects an HTTP probe follows
 * @param dnsServers           resolvers (host or host:port); empty = the system's
 */
public record ProbeSettings(
    String sourceAddress,
    boolean allowPrivateTargets,
    String userAgent,
    int maxRedirects,
    List<String> dnsServers) {

  public ProbeSettings {
    dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
    userAgent = userAgent == null ? "downcheck-agent" : userAgent;
  }

  public static ProbeSettings forRegion(String region, String sourceAddress, boolean allowPrivateTargets) {
    return new ProbeSettings(sourceAddress, allowPrivateTargets,
        "downcheck-agent/" + ManifestVersion.current() + " (region " + region + ")", 5, List.of());
  }
}
