package downcheck.agent.resolve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks named DNS servers directly (Vert.x DnsClient, non-blocking): A and AAAA at once, IPv4
 * answers first; the name resolves when either family gives an address. A server that fails
 * (SERVFAIL, REFUSED, silence) hands over to the next; an NXDOMAIN with no address from the other
 * family is an answer and ends the lookup. The hosts file and search domains are
 * {@link SystemLikeResolver}'s.
 */
final class DnsClientResolver implements Resolver {
  static final long QUERY_TIMEOUT_MS = 3000;
  private final List<DnsClient> clients = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  public DnsClientResolver(Vertx vertx, List<DnsServer> servers) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("dnsServers: at least one server is needed");
    }
    for (DnsServer s : servers) {
      clients.add(vertx.createDnsClient(new DnsClientOptions().setHost(s.host()).setPort(s.port())
          .setQueryTimeout(QUERY_TIMEOUT_MS).setRecursionDesired(true)));
      names.add(s.toString());
    }
  }

  @Override
  public Future<List<InetAddress>> resolve(String host) {
    return resolveWith(0, host);
  }

  private Future<List<InetAddress>> resolveWith(int server, String host) {
    DnsClient dns = clients.get(server);
    Future<List<String>> v4 = dns.resolveA(host);
    Future<List<String>> v6 = dns.resolveAAAA(host);
    return Future.join(v4, v6).transform(ignored -> {
      List<InetAddress> all = new ArrayList<>();
      addAll(all, v4);
      addAll(all, v6);
      if (!all.isEmpty()) {
        // one family is enough, as for a browser: A with an address and AAAA with NXDOMAIN is a
        // misconfigured server (dnsmasq --local with an IPv4-only --address), not a missing name
        return Future.succeededFuture(all);
      }
      if (isNxdomain(v4) || isNxdomain(v6)) {
        return Future.failedFuture(new DnsLookupException(host + ": NXDOMAIN from " + names.get(server), true));
      }
      if (v4.failed() || v6.failed()) {
        if (server + 1 < clients.size()) {
          return resolveWith(server + 1, host);
        }
        Throwable cause = v4.failed() ? v4.cause() : v6.cause();
        return Future.failedFuture(new DnsLookupException(host + ": " + describe(cause) + " from "
            + names.get(server), false));
      }
      // NOERROR without an address ("NODATA"): for a visitor the name leads nowhere, as with NXDOMAIN
      return Future.failedFuture(new DnsLookupException(host + ": no A or AAAA record", true));
    });
  }

  private static boolean isNxdomain(Future<?> f) {
    return f.failed() && f.cause() instanceof DnsException e && e.code() == DnsResponseCode.NXDOMAIN;
  }

  private static String describe(Throwable t) {
    if (t instanceof DnsException e) {
      return e.code().name();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static void addAll(List<InetAddress> into, Future<List<String>> answer) {
    if (answer.failed()) {
      return;
    }
    for (String a : answer.result()) {
      try {
        into.add(InetAddress.getByName(a)); // a numeric literal from the answer: no lookup
      } catch (UnknownHostException e) {
        // not an address: skip it
      }
    }
  }
}
