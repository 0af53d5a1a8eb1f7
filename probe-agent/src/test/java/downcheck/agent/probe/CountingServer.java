package downcheck.agent.probe;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback, port 0, that counts every TCP connection it accepts: the
 * SSRF tests prove a refused probe never reached it.
 */
public final class CountingServer {
  private final HttpServer server;
  private final AtomicInteger connections = new AtomicInteger();

  private CountingServer(HttpServer server) {
    this.server = server;
  }

  public static CountingServer start(Vertx vertx, String host, Handler<HttpServerRequest> handler) {
    return start(vertx, new HttpServerOptions(), host, handler);
  }

  public static CountingServer start(Vertx vertx, HttpServerOptions options, String host,
      Handler<HttpServerRequest> handler) {
    return start(vertx, options, host, 0, handler);
  }

  /** On a given port: a second address of a name listening where its first one does. */
  public static CountingServer start(Vertx vertx, HttpServerOptions options, String host, int port,
      Handler<HttpServerRequest> handler) {
    HttpServer s = vertx.createHttpServer(options);
    CountingServer counting = new CountingServer(s);
    s.connectionHandler(c -> counting.connections.incrementAndGet()).requestHandler(handler);
    Await.result(s.listen(port, host));
    return counting;
  }

  public int port() {
    return server.actualPort();
  }

  public int connections() {
    return connections.get();
  }

  public void close() {
    Await.result(server.close());
  }
}
