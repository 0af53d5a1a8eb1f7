package downcheck.agent.probe.dns;

import downcheck.agent.resolve.Resolver;
import downcheck.agent.probe.Deadline;
import downcheck.agent.resolve.DnsLookupException;
import downcheck.agent.resolve.RecordLookup;
import downcheck.agent.probe.ErrorClassifier;
import downcheck.agent.probe.Phase;
import downcheck.agent.probe.Probe;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSpec;
import downcheck.model.check.AddressPolicy;
import downcheck.model.result.Timings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@code dns://host}: how long the name takes to resolve and what it resolves to. Up when it
 * has at least one address; DNS_NXDOMAIN when the name does not exist, DNS_FAILURE when the
 * resolver fails or stays silent. Nothing is connected to, but what the agent's resolver answers
 * is published to anyone: with the guard on, an address the policy refuses is withheld (the
 * result says how many, never which), and a name whose every address is refused is refused, as
 * for the other kinds (docs/security.md, Private addresses). A special-use name ({@code localhost})
 * is refused before any lookup: it is this host by definition. A check that names a record type
 * or a resolver is one question to one server instead ({@link RecordProbe}).
 */
public final class DnsProbe implements Probe {
  private final Vertx vertx;
  private final Resolver resolver;
  private final AddressPolicy policy;
  private final RecordProbe records;

  public DnsProbe(Vertx vertx, Resolver resolver) {
    this(vertx, resolver, new AddressPolicy(false));
  }

  /** Without record lookups: a check naming a type or resolver is answered with ERROR. */
  public DnsProbe(Vertx vertx, Resolver resolver, AddressPolicy policy) {
    this(vertx, resolver, policy, null);
  }

  /** @param records asks for a record type, at the check's resolver or the agent's first DNS server */
  public DnsProbe(Vertx vertx, Resolver resolver, AddressPolicy policy, RecordLookup records) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.policy = policy;
    this.records = records == null ? null : new RecordProbe(vertx, records, policy);
  }

  @Override
  public Future<ProbeOutcome> run(ProbeSpec spec) {
    String host = spec.target().host();
    long timeoutMs = spec.timeout().toMillis();
    Optional<String> named = policy.refusal(host);
    if (named.isPresent()) {
      return Future.succeededFuture(ProbeOutcome.refused(Timings.total(0), "refused by policy: " + named.get()));
    }
    if (RecordProbe.asks(spec.options().dns())) {
      return records != null ? records.run(spec)
          : Future.succeededFuture(ProbeOutcome.error(Timings.total(0), "this agent does not look up record types"));
    }
    long t0 = System.nanoTime();
    Future<List<InetAddress>> lookup = Deadline.within(vertx, resolver.addressesOf(host), timeoutMs,
        () -> new DnsLookupException(host + ": no answer within " + timeoutMs + " ms", false));
    return lookup.transform(ar -> {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Timings timings = new Timings(ms, null, null, null, ms);
      if (ar.succeeded()) {
        return Future.succeededFuture(answered(host, ar.result(), timings));
      }
      Throwable failure = ar.cause();
      if (failure instanceof IllegalArgumentException) {
        return Future.succeededFuture(ProbeOutcome.error(timings, failure.getMessage()));
      }
      return Future.succeededFuture(ProbeOutcome.down(ErrorClassifier.classify(failure, Phase.DNS), timings, null,
          ErrorClassifier.message(failure)));
    });
  }

  private ProbeOutcome answered(String host, List<InetAddress> addresses, Timings timings) {
    AddressPolicy.Answer answer = policy.publishable(addresses);
    if (answer.allowed().isEmpty()) {
      return ProbeOutcome.refused(timings, "refused by policy: " + policy.refusal(host, addresses).orElseThrow());
    }
    ProbeOutcome up = ProbeOutcome.up(timings, null)
        .withAddresses(answer.allowed().stream().map(InetAddress::getHostAddress).toList());
    if (answer.withheld() == 0) {
      return up;
    }
    return up.withMessage(answer.withheld() + " of " + addresses.size() + " addresses withheld, not allowed: "
        + String.join(", ", answer.reasons()));
  }
}
