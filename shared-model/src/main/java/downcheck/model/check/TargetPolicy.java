package downcheck.model.check;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What the network will not probe, judged on a target without resolving it: an address literal
 * or a special-use name ({@link AddressRules}). The coordinator answers such a target at submit;
 * a name that resolves to a refused address is the agent's to refuse, at probe time.
 *
 * @param allowPrivate the network probes private targets (a private deployment, tests)
 */
public record TargetPolicy(boolean allowPrivate) {
  /** What a person is told after the reason: the rule, and how a private deployment lifts it. */
  public static final String RULE = "this network does not probe private, loopback, link-local, multicast or "
      + "metadata addresses, nor special-use names such as localhost (a private deployment allows them with "
      + "--allow-private-targets)";

  /** Why the target is refused ("127.0.0.1 is loopback"), or empty when it may be checked. */
  public Optional<String> refusal(Target target) {
    if (allowPrivate) {
      return Optional.empty();
    }
    Optional<String> named = AddressRules.specialUseName(target.host());
    if (named.isPresent()) {
      return named.map(r -> target.host() + " is " + r);
    }
    Optional<InetAddress> literal;
    try {
      literal = target.literalAddress();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not an address: Target.parse has judged the name already
    }
    return literal.flatMap(a -> AddressRules.reason(a).map(r -> a.getHostAddress() + " is " + r));
  }
}
