package downcheck.model.check;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a check probes beyond its target and kind (docs/api.md, "Shaped requests, more kinds, more
 * eyes"): the HTTP request's shape, the IP family (4, 6, or null for either as a browser does),
 * and the options of the dns, ping and trace kinds. {@link #DEFAULT} is what a check without
 * them does. Two checks with different options are different questions (never coalesced).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckOptions(RequestShape request, Integer ipVersion, DnsQuery dns, PingOptions ping,
    TraceOptions trace) {
  public static final CheckOptions DEFAULT = new CheckOptions(null, null, null, null, null);

  public CheckOptions {
    request = request == null ? RequestShape.DEFAULT : request;
    dns = dns == null ? DnsQuery.DEFAULT : dns;
    ping = ping == null ? PingOptions.DEFAULT : ping;
    trace = trace == null ? TraceOptions.DEFAULT : trace;
  }
}
