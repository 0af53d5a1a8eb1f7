package downcheck.agent.probe.dns;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into addresses without blocking an event loop. Fails with a
 * {@link downcheck.agent.probe.DnsLookupException} saying NXDOMAIN or resolver failure.
 * Probes resolve names themselves so the SSRF policy judges the address they then connect to.
 */
public interface Resolver {
  Future<List<InetAddress>> resolve(String host);
}
