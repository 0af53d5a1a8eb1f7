package downcheck.agent.resolve;

import downcheck.model.check.HostLiteral;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Turns a host name into addresses without blocking an event loop. Fails with a
 * {@link DnsLookupException} saying NXDOMAIN or resolver failure.
 * Probes resolve names themselves so the SSRF policy judges the address they then connect to.
 */
public interface Resolver {
  Future<List<InetAddress>> resolve(String host);

  /**
   * The addresses a target host stands for: a numeric host as a browser reads it (never sent
   * to a resolver), else what the resolver answers. Fails with IllegalArgumentException for a
   * malformed numeric host.
   */
  default Future<List<InetAddress>> addressesOf(String host) {
    try {
      Optional<InetAddress> literal = HostLiteral.parse(host);
      return literal.isPresent() ? Future.succeededFuture(List.of(literal.get())) : resolve(host);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }
}
