package downcheck.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import downcheck.model.result.DnsAnswer;
import downcheck.model.result.ProbeResult;
import picocli.CommandLine.Option;

/**
 * The dns kind's flags, {@code --type MX --resolver 9.9.9.9}, as the body's {@code dns} field
 * (the coordinator judges them, and names a bad one), and a dns result's records printed under
 * its line as dig shows them.
 */
final class DnsFlags {
  /** Records printed per result: the rest is counted. */
  static final int SHOWN = 10;

  @Option(names = "--type", paramLabel = "TYPE", defaultValue = "${DOWNCHECK_TYPE}",
      description = "dns://host only: the record type to ask for: A AAAA CNAME MX NS TXT SOA CAA SRV (default: A and"
          + " AAAA through each agent's own resolver, or A when --resolver is given)")
  String type;

  @Option(names = "--resolver", paramLabel = "IP[:PORT]", defaultValue = "${DOWNCHECK_RESOLVER}",
      description = "dns://host only: ask this resolver (an address, port 53 by default) instead of each agent's own")
  String resolver;

  /** True when either flag is given: the check asks a record question, which this machine does not try itself. */
  boolean given() {
    return blank(type) != null || blank(resolver) != null;
  }

  /** Adds {@code dns} to the body when a flag is given. */
  void addTo(Map<String, Object> body) {
    if (!given()) {
      return;
    }
    Map<String, Object> dns = new LinkedHashMap<>();
    if (blank(type) != null) {
      dns.put("type", type.strip());
    }
    if (blank(resolver) != null) {
      dns.put("resolver", resolver.strip());
    }
    body.put("dns", dns);
  }

  /** A dns result's records, one a line under the result, indented: {@code MX 10 mx.example.com.}. */
  static void print(PrintWriter out, ProbeResult p) {
    DnsAnswer dns = p.dns();
    if (dns == null) {
      return;
    }
    List<String> records = dns.records();
    for (String r : records.subList(0, Math.min(SHOWN, records.size()))) {
      out.printf("  %-12s %s %s%n", "", dns.type(), r);
    }
    if (records.size() > SHOWN) {
      out.printf("  %-12s ... %d more%n", "", records.size() - SHOWN);
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
