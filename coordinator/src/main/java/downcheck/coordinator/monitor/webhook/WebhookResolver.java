package downcheck.coordinator.monitor.webhook;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a webhook's host name into addresses, once per attempt, never on an event loop: the named
 * DNS servers asked directly (non-blocking), else the system resolver on a pool of its own, a few
 * threads and a bounded queue, so a slow resolver delays only notifications (never the Kafka
 * producer's callbacks or Vert.x's shared workers) and a flood of them is refused, not queued.
 */
abstract class WebhookResolver {
  static final int SYSTEM_THREADS = 4;

  abstract Future<List<InetAddress>> resolve(String host);

  void close() {}

  static WebhookResolver create(Vertx vertx, WebhookSettings settings) {
    return settings.dnsServers().isEmpty() ? new SystemResolver(settings.maxInFlight())
        : new ServersResolver(vertx, settings.dnsServers(), settings.timeout());
  }

  /** {@link InetAddress#getAllByName}, which blocks, on its own small pool. */
  static final class SystemResolver extends WebhookResolver {
    private final ThreadPoolExecutor pool;

    SystemResolver(int queue) {
      AtomicInteger n = new AtomicInteger();
      pool = new ThreadPoolExecutor(SYSTEM_THREADS, SYSTEM_THREADS, 30, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(Math.max(1, queue)), r -> {
            Thread t = new Thread(r, "downcheck-webhook-dns-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
    }

    @Override
    Future<List<InetAddress>> resolve(String host) {
      Context context = Vertx.currentContext();
      Promise<List<InetAddress>> answer = Promise.promise();
      try {
        pool.execute(() -> {
          try {
            List<InetAddress> all = List.of(InetAddress.getAllByName(host));
            complete(context, () -> answer.complete(all));
          } catch (UnknownHostException e) {
            complete(context, () -> answer.fail(new UnknownHostException("cannot resolve " + host)));
          }
        });
      } catch (RejectedExecutionException e) {
        answer.fail(new UnknownHostException("cannot resolve " + host + " now: too many webhook lookups waiting"));
      }
      return answer.future();
    }

    private static void complete(Context context, Runnable done) {
      if (context == null) {
        done.run();
      } else {
        context.runOnContext(v -> done.run());
      }
    }

    @Override
    void close() {
      pool.shutdownNow();
    }
  }

  /** The named servers in order, A and AAAA at once; a server that fails hands over to the next. */
  static final class ServersResolver extends WebhookResolver {
    private final List<DnsClient> clients = new ArrayList<>();

    ServersResolver(Vertx vertx, List<InetSocketAddress> servers, java.time.Duration timeout) {
      for (InetSocketAddress s : servers) {
        clients.add(vertx.createDnsClient(new DnsClientOptions().setHost(s.getAddress().getHostAddress())
            .setPort(s.getPort()).setQueryTimeout(timeout.toMillis()).setRecursionDesired(true)));
      }
    }

    @Override
    Future<List<InetAddress>> resolve(String host) {
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
          return Future.succeededFuture(all);
        }
        if ((v4.failed() || v6.failed()) && server + 1 < clients.size()) {
          return resolveWith(server + 1, host);
        }
        return Future.failedFuture(new UnknownHostException("cannot resolve " + host + ": no A or AAAA record"));
      });
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

    @Override
    void close() {
      clients.forEach(DnsClient::close);
    }
  }
}
