package downcheck.model.check;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a {@code dns} check asks: the record type (A, AAAA, CNAME, MX, NS, TXT, SOA, CAA, SRV)
 * and, optionally, the resolver to ask instead of the agent's own (an address).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DnsQuery(String type, String resolver) {
  public static final DnsQuery DEFAULT = new DnsQuery(null, null);
}
