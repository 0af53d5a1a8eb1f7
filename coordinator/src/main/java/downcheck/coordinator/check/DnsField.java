package downcheck.coordinator.check;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.model.check.DnsQuery;
import downcheck.model.check.DnsQueryRules;
import downcheck.model.check.TargetPolicy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A body's {@code dns} field, {@code {"type": "MX", "resolver": "9.9.9.9"}}, read in its normal
 * form (the type upper-case, the resolver as {@code ip:port}) so that the same question asked in
 * two spellings is one question to coalesce. Only a dns check takes it; a private, loopback or
 * special-use resolver only where private targets are allowed (docs/api.md).
 */
final class DnsField {
  private static final Set<String> KNOWN = Set.of("type", "resolver");
  private static final int MAX_TEXT = 100;

  private DnsField() {}

  /** The query, {@link DnsQuery#DEFAULT} when absent; every bad part added to {@code errors}. */
  static DnsQuery read(JsonNode n, boolean dnsKind, TargetPolicy policy, List<FieldError> errors) {
    if (Fields.absent(n)) {
      return DnsQuery.DEFAULT;
    }
    if (!dnsKind) {
      errors.add(new FieldError("dns", "only dns checks (dns://host) take a record type and resolver"));
      return DnsQuery.DEFAULT;
    }
    if (!n.isObject()) {
      errors.add(new FieldError("dns", "must be an object: {\"type\": \"MX\", \"resolver\": \"9.9.9.9\"}"));
      return DnsQuery.DEFAULT;
    }
    Fields.unknown(n, KNOWN, "dns", errors);
    String type = null;
    String typeText = Fields.string(n.get("type"), "dns.type", MAX_TEXT, true, errors);
    if (typeText != null) {
      try {
        type = DnsQueryRules.type(typeText);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("dns.type", e.getMessage()));
      }
    }
    String resolver = null;
    String resolverText = Fields.string(n.get("resolver"), "dns.resolver", MAX_TEXT, true, errors);
    if (resolverText != null) {
      try {
        InetSocketAddress address = DnsQueryRules.resolver(resolverText);
        Optional<String> refused = DnsQueryRules.refusal(address, policy.allowPrivate());
        if (refused.isPresent()) {
          errors.add(new FieldError("dns.resolver", "refused by policy: " + refused.get()
              + "; this network asks only public resolvers (a private deployment allows others with "
              + "--allow-private-targets)"));
        } else {
          resolver = DnsQueryRules.show(address);
        }
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("dns.resolver", e.getMessage()));
      }
    }
    return new DnsQuery(type, resolver);
  }
}
