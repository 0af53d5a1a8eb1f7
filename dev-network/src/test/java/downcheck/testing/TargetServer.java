package downcheck.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on a free loopback port, playing the target; it remembers who asked. */
public final class TargetServer implements AutoCloseable {
  private final HttpServer server;
  private final List<String> callers;
  private final String address;

  private TargetServer(HttpServer server, String address, List<String> callers) {
    this.server = server;
    this.address = address;
    this.callers = callers;
  }

  public static TargetServer start(Vertx vertx, Handler<HttpServerRequest> handler) {
    return start(vertx, "127.0.0.1", handler);
  }

  /** Listening on another loopback address: a host of its own, for limits counted per host. */
  public static TargetServer start(Vertx vertx, String address, Handler<HttpServerRequest> handler) {
    List<String> callers = new CopyOnWriteArrayList<>();
    HttpServer s = Wait.on(vertx.createHttpServer().requestHandler(req -> {
      callers.add(req.remoteAddress().host());
      handler.handle(req);
    }).listen(0, address));
    return new TargetServer(s, address, callers);
  }

  public static TargetServer ok(Vertx vertx) {
    return start(vertx, req -> req.response().end("ok"));
  }

  public String url() {
    return "http://" + address + ":" + server.actualPort() + "/";
  }

  public int port() {
    return server.actualPort();
  }

  /** Remote addresses of the requests received so far. */
  public List<String> callers() {
    return callers;
  }

  @Override
  public void close() {
    Wait.on(server.close());
  }
}
