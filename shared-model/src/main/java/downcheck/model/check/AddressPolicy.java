package downcheck.model.check;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which addresses a process may connect to on a stranger's behalf: an agent probing a target
 * (docs/probes.md, "SSRF protection"), a coordinator posting a webhook (docs/monitors.md). Either
 * would otherwise be an open proxy into wherever it runs, so by default everything that is not a
 * public unicast address is refused: loopback, private, link-local, multicast, unspecified,
 * carrier-grade NAT, cloud metadata, and the same hidden inside IPv6 (IPv4-mapped, -compatible,
 * NAT64, 6to4). Judged on the resolved {@link InetAddress} the caller then connects to; names
 * only for the special-use ones. The rules themselves are {@link AddressRules}.
 */
public final class AddressPolicy {
  /** Dotted IPv4, or IPv6 (hex groups with at least two colons, maybe ending in dotted IPv4). */
  private static final Pattern ADDRESS_LITERAL = Pattern.compile("(?<![0-9A-Za-z.:])(?:"
      + "\\d{1,3}(?:\\.\\d{1,3}){3}(?![0-9A-Za-z.])" // a port may follow
      + "|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\\d{1,3}(?:\\.\\d{1,3}){3})?(?![0-9A-Za-z.:]))");
  private final boolean allowPrivate;
  private final Set<InetAddress> exceptions;

  public AddressPolicy(boolean allowPrivate) {
    this(allowPrivate, Set.of());
  }

  /**
   * @param exceptions addresses allowed although their range is refused: one internal host a
   *                   deployment must reach, or a loopback address a test stands in for the internet
   */
  public AddressPolicy(boolean allowPrivate, Set<InetAddress> exceptions) {
    this.allowPrivate = allowPrivate;
    this.exceptions = Set.copyOf(exceptions);
  }

  /** Why this address is refused, or empty when the probe may connect to it. */
  public Optional<String> refusal(InetAddress address) {
    if (allowPrivate || exceptions.contains(address)) {
      return Optional.empty();
    }
    return reason(address).map(r -> address.getHostAddress() + " is " + r);
  }

  /**
   * Why a name is refused, given every address it resolved to (one refused address refuses the
   * name), in words that name none of the refused addresses: they belong to the agent's network,
   * and a result is read by anyone with the check's link. An address literal is named as the
   * asker wrote it ("127.0.0.1 is loopback"): it tells them nothing they did not say.
   */
  public Optional<String> refusal(String host, Collection<InetAddress> addresses) {
    Set<String> reasons = new LinkedHashSet<>();
    InetAddress firstRefused = null;
    int refused = 0;
    for (InetAddress a : addresses) {
      if (refusal(a).isPresent()) {
        reasons.add(reason(a).orElseThrow());
        firstRefused = firstRefused == null ? a : firstRefused;
        refused++;
      }
    }
    if (refused == 0) {
      return Optional.empty();
    }
    if (isLiteral(host)) {
      return refusal(firstRefused);
    }
    String why = String.join(", ", reasons);
    return Optional.of(refused == addresses.size()
        ? host + " resolves only to addresses that are not allowed: " + why
        : host + " resolves to " + refused + " of " + addresses.size() + " addresses that are not allowed: " + why);
  }

  /**
   * The addresses of a DNS answer that may be published: with the guard on, a refused address is
   * withheld (it would show the agent's network to anyone); the count of those withheld is kept.
   */
  public Answer publishable(Collection<InetAddress> addresses) {
    List<InetAddress> allowed = new ArrayList<>();
    Set<String> reasons = new LinkedHashSet<>();
    for (InetAddress a : addresses) {
      if (refusal(a).isPresent()) {
        reasons.add(reason(a).orElseThrow());
      } else {
        allowed.add(a);
      }
    }
    return new Answer(allowed, addresses.size() - allowed.size(), List.copyOf(reasons));
  }

  /** A DNS answer as it may be published: the allowed addresses, and how many were withheld and why. */
  public record Answer(List<InetAddress> allowed, int withheld, List<String> reasons) {}

  /**
   * {@code text} with every address literal the guard refuses replaced by "[private address]": the
   * last word on what a result says, for messages the probes do not write themselves (a resolver
   * that names its server, an operating system error). The target's own host, when it is an
   * address literal, is kept: the asker wrote it.
   */
  public String scrub(String text, String targetHost) {
    if (allowPrivate || text == null) {
      return text;
    }
    Optional<InetAddress> asked = literalAddress(targetHost);
    Matcher m = ADDRESS_LITERAL.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String literal = m.group();
      boolean hidden = literalAddress(literal).filter(a -> !asked.equals(Optional.of(a)))
          .map(a -> refusal(a).isPresent()).orElse(false);
      m.appendReplacement(out, Matcher.quoteReplacement(hidden ? "[private address]" : literal));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean isLiteral(String host) {
    return literalAddress(host).isPresent();
  }

  private static Optional<InetAddress> literalAddress(String text) {
    try {
      return HostLiteral.parse(text);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why a name is refused before it is resolved (special-use names), or empty. */
  public Optional<String> refusal(String host) {
    if (allowPrivate) {
      return Optional.empty();
    }
    return AddressRules.specialUseName(host).map(r -> host + " is " + r);
  }

  static Optional<String> reason(InetAddress address) {
    return AddressRules.reason(address);
  }
}
