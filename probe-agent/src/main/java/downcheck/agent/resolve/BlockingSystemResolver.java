package downcheck.agent.resolve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The operating system's resolver (nsswitch, /etc/hosts, resolv.conf) through
 * {@link InetAddress}, which blocks: it runs on a small worker pool of its own so a slow
 * resolver can neither block an event loop nor starve Vert.x's shared workers.
 */
final class BlockingSystemResolver implements Resolver {
  static final int THREADS = 8;
  private final WorkerExecutor workers;

  public BlockingSystemResolver(Vertx vertx) {
    this.workers = vertx.createSharedWorkerExecutor("downcheck-dns", THREADS);
  }

  @Override
  public Future<List<InetAddress>> resolve(String host) {
    return workers.executeBlocking(() -> {
      try {
        return List.of(InetAddress.getAllByName(host));
      } catch (UnknownHostException e) {
        throw new DnsLookupException("cannot resolve " + host + ": " + e.getMessage(), true);
      }
    }, false);
  }
}
