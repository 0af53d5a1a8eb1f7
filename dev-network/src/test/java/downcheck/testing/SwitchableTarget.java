package downcheck.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/** A target on a fixed loopback port that a test stops (connections refused) and starts again. */
public final class SwitchableTarget implements AutoCloseable {
  private final Vertx vertx;
  private final Handler<HttpServerRequest> handler;
  private final int port;
  private HttpServer server;

  public SwitchableTarget(Vertx vertx, Handler<HttpServerRequest> handler) {
    this.vertx = vertx;
    this.handler = handler;
    this.server = Wait.on(vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1"));
    this.port = server.actualPort();
  }

  public static SwitchableTarget ok(Vertx vertx) {
    return new SwitchableTarget(vertx, req -> req.response().end("ok"));
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  public synchronized void stop() {
    if (server != null) {
      Wait.on(server.close());
      server = null;
    }
  }

  public synchronized void start() {
    if (server == null) {
      server = Wait.on(vertx.createHttpServer().requestHandler(handler).listen(port, "127.0.0.1"));
    }
  }

  @Override
  public void close() {
    stop();
  }
}
