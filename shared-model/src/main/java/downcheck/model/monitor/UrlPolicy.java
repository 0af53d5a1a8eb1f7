package downcheck.model.monitor;

import downcheck.model.check.AddressPolicy;
import downcheck.model.check.HostLiteral;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What a notification URL must be when a monitor is created: an {@code http(s)} URL with a host
 * and no credentials, whose host is not refused by the network's {@link AddressPolicy} where
 * that can be told without resolving (an address literal, a special-use name such as
 * {@code localhost}). A name is judged again on the address it resolves to, at each delivery,
 * by the same policy: that is the address the delivery then connects to (docs/monitors.md).
 */
public final class UrlPolicy {
  /** What a person is told after the reason: the rule, and how a private deployment lifts it. */
  public static final String RULE = "notifications go to public addresses only (a private deployment allows "
      + "others with --allow-private-targets, or single addresses with --webhook-allow-addresses)";

  private UrlPolicy() {}

  /** Why the URL may not be posted to, or null when it may. */
  public static String refusal(URI url, AddressPolicy policy) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an http:// or https:// URL";
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      return "has no host";
    }
    if (url.getRawUserInfo() != null) {
      return "credentials in the URL are not allowed";
    }
    String host = url.getHost();
    Optional<InetAddress> literal;
    try {
      literal = HostLiteral.parse(host);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    Optional<String> refused = literal.isPresent() ? policy.refusal(literal.get()) : policy.refusal(host);
    return refused.map(r -> r + "; " + RULE).orElse(null);
  }
}
