package downcheck.agent.probe.dns;

import downcheck.agent.probe.Deadline;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.resolve.DnsLookupException;
import downcheck.agent.resolve.RecordLookup;
import downcheck.model.check.AddressPolicy;
import downcheck.model.check.DnsQuery;
import downcheck.model.check.DnsQueryRules;
import downcheck.model.check.HostLiteral;
import downcheck.model.result.DnsAnswer;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.Timings;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dns check that names a record type or a resolver (docs/probes.md, "DNS record types"): one
 * question to one server, {@code dig @resolver name TYPE}; the check's own resolver, else the
 * agent's first DNS server. The answer's records go in the result as dig shows them, at most
 * {@link #MAX_RECORDS} of at most {@link #MAX_RECORD_CHARS} characters each.
 *
 * <p>Records found, UP. NOERROR with no record of the type, UP with none: the name exists and
 * its DNS answers correctly that it has no such record, as blackbox_exporter's default valid
 * rcodes and Globalping's raw answer have it. NXDOMAIN, DOWN {@code DNS_NXDOMAIN}. Any other
 * code, or no answer by the deadline, DOWN {@code DNS_FAILURE}. A and AAAA records the address
 * policy may not publish are withheld as for the plain lookup; a resolver it refuses is never asked.
 */
final class RecordProbe {
  static final int MAX_RECORDS = 50;
  static final int MAX_RECORD_CHARS = 512;
  private final Vertx vertx;
  private final RecordLookup lookup;
  private final AddressPolicy policy;

  RecordProbe(Vertx vertx, RecordLookup lookup, AddressPolicy policy) {
    this.vertx = vertx;
    this.lookup = lookup;
    this.policy = policy;
  }

  /** A check asks for records when it names a type or a resolver. */
  static boolean asks(DnsQuery q) {
    return q != null && (q.type() != null || q.resolver() != null);
  }

  Future<ProbeOutcome> run(ProbeSpec spec) {
    DnsQuery q = spec.options().dns();
    String host = spec.target().host();
    String type;
    InetSocketAddress server;
    try {
      type = q.type() == null ? "A" : DnsQueryRules.type(q.type()); // dig's default question
      server = q.resolver() == null ? null : DnsQueryRules.resolver(q.resolver());
      if (isLiteral(host)) {
        return done(ProbeOutcome.error(Timings.total(0), host + " is an address, not a name: it has no "
            + type + " records to look up"));
      }
    } catch (IllegalArgumentException e) {
      return done(ProbeOutcome.error(Timings.total(0), e.getMessage()));
    }
    if (server != null) {
      Optional<String> refused = policy.refusal(server.getAddress());
      if (refused.isPresent()) {
        return done(ProbeOutcome.refused(Timings.total(0), "refused by policy: resolver " + refused.get()));
      }
    } else if (lookup.ownServer().isEmpty()) {
      return done(ProbeOutcome.error(Timings.total(0), "this agent has no DNS server to ask by address"));
    }
    InetSocketAddress asked = server != null ? server : lookup.ownServer().orElseThrow();
    String shown = server == null ? null : DnsQueryRules.show(server); // the agent's own stays private
    long timeoutMs = spec.timeout().toMillis();
    long t0 = System.nanoTime();
    return Deadline.within(vertx, lookup.ask(asked, host, type, timeoutMs, MAX_RECORDS), timeoutMs,
            () -> new DnsLookupException(host + ": no answer within " + timeoutMs + " ms", false))
        .transform(ar -> {
          long ms = (System.nanoTime() - t0) / 1_000_000;
          Timings timings = new Timings(ms, null, null, null, ms);
          String from = shown == null ? "the agent's resolver" : shown;
          if (ar.failed()) {
            return done(ProbeOutcome.down(ErrorClass.DNS_FAILURE, timings, null,
                ar.cause().getMessage() + " (asked " + from + ")").withDns(new DnsAnswer(type, List.of(), shown)));
          }
          return done(outcome(host, type, shown, from, ar.result(), timings));
        });
  }

  private ProbeOutcome outcome(String host, String type, String shown, String from, RecordLookup.Answer a,
      Timings timings) {
    if (a.rcode() == RecordLookup.Answer.NXDOMAIN) {
      return ProbeOutcome.down(ErrorClass.DNS_NXDOMAIN, timings, null, host + ": NXDOMAIN from " + from)
          .withDns(new DnsAnswer(type, List.of(), shown));
    }
    if (a.rcode() != RecordLookup.Answer.NOERROR) {
      return ProbeOutcome.down(ErrorClass.DNS_FAILURE, timings, null, host + ": " + a.rcodeName() + " from " + from)
          .withDns(new DnsAnswer(type, List.of(), shown));
    }
    List<String> notes = new ArrayList<>();
    List<String> records = a.records().stream().map(RecordProbe::clip).toList();
    if (type.equals("A") || type.equals("AAAA")) {
      records = publishable(host, records, notes);
      if (records == null) {
        return ProbeOutcome.refused(timings, "refused by policy: " + notes.get(0));
      }
    }
    if (a.total() > a.records().size()) {
      notes.add((a.total() - a.records().size()) + " more " + type + " records not shown (at most " + MAX_RECORDS + ")");
    }
    if (a.total() == 0) {
      notes.add("no " + type + " record: " + host + " exists, NOERROR with an empty answer from " + from);
    }
    ProbeOutcome up = ProbeOutcome.up(timings, null).withDns(new DnsAnswer(type, records, shown));
    return notes.isEmpty() ? up : up.withMessage(String.join("; ", notes));
  }

  /** The addresses the policy may publish; null when it may publish none of them (then the name is refused). */
  private List<String> publishable(String host, List<String> records, List<String> notes) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String r : records) {
      HostLiteral.parse(r).ifPresent(addresses::add);
    }
    if (addresses.isEmpty()) {
      return records;
    }
    AddressPolicy.Answer answer = policy.publishable(addresses);
    if (answer.allowed().isEmpty()) {
      notes.add(policy.refusal(host, addresses).orElseThrow());
      return null;
    }
    if (answer.withheld() > 0) {
      notes.add(answer.withheld() + " of " + addresses.size() + " addresses withheld, not allowed: "
          + String.join(", ", answer.reasons()));
    }
    return answer.allowed().stream().map(NetUtil::toAddressString).toList();
  }

  private static boolean isLiteral(String host) {
    try {
      return HostLiteral.parse(host).isPresent();
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private static String clip(String record) {
    return record.length() > MAX_RECORD_CHARS ? record.substring(0, MAX_RECORD_CHARS - 1) + "…" : record;
  }

  private static Future<ProbeOutcome> done(ProbeOutcome o) {
    return Future.succeededFuture(o);
  }
}
