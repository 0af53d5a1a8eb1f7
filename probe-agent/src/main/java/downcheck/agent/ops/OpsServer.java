package downcheck.agent.ops;

import downcheck.model.wire.Codec;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's own small HTTP port, for container platforms and Prometheus: {@code /health}
 * (the process answers), {@code /ready} (it listens to its region's checks and reaches Kafka;
 * the body tells its canaries' state) and {@code /metrics}. Off unless a port is given.
 */
public final class OpsServer {
  private final Vertx vertx;
  private final Telemetry telemetry;
  private final Supplier<Readiness> readiness;
  private HttpServer server;

  /** What {@code /ready} reports: ready when listening and Kafka took the last heartbeat. */
  public record Readiness(String agentId, String region, boolean listening, boolean kafka, String status,
      int canariesOk, int canariesFailed, String reason) {
    public boolean ready() {
      return listening && kafka;
    }
  }

  public OpsServer(Vertx vertx, Telemetry telemetry, Supplier<Readiness> readiness) {
    this.vertx = vertx;
    this.telemetry = telemetry;
    this.readiness = readiness;
  }

  public Future<Integer> listen(String host, int port) {
    // HTTP/1.1 only: health checks and Prometheus speak it, and the cleartext HTTP/2 upgrade would
    // load some 150 classes of Netty's HTTP/2 codec into the agent on its first scrape
    HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options).requestHandler(this::handle).listen(port, host).map(s -> {
      server = s;
      return s.actualPort();
    });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest req) {
    switch (req.method().name() + " " + req.path()) {
      case "GET /health" -> json(req, 200, Map.of("status", "UP"));
      case "GET /ready" -> ready(req);
      case "GET /metrics" -> req.response().putHeader("Content-Type", Telemetry.CONTENT_TYPE).end(telemetry.scrape());
      default -> {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Not found");
        problem.put("status", 404);
        problem.put("detail", "the agent serves GET /health, /ready and /metrics");
        req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json").end(Codec.toJson(problem));
      }
    }
  }

  private void ready(HttpServerRequest req) {
    Readiness r = readiness.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", r.ready() ? "UP" : "DOWN");
    body.put("agentId", r.agentId());
    body.put("region", r.region());
    body.put("intake", r.listening() ? "UP" : "DOWN");
    body.put("kafka", r.kafka() ? "UP" : "DOWN");
    Map<String, Object> canaries = new LinkedHashMap<>();
    canaries.put("status", r.status());
    canaries.put("ok", r.canariesOk());
    canaries.put("failed", r.canariesFailed());
    canaries.put("reason", r.reason());
    body.put("canaries", canaries);
    json(req, r.ready() ? 200 : 503, body);
  }

  private static void json(HttpServerRequest req, int status, Object body) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Codec.toJson(body));
  }
}
