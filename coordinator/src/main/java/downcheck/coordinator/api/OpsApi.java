package downcheck.coordinator.api;

import downcheck.coordinator.registry.AgentRegistry;
import downcheck.model.wire.Codec;
import downcheck.runtime.Metrics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health} (alive), {@code /ready} (Kafka and Hazelcast reachable), {@code /metrics}, and the web page. */
public final class OpsApi {
  private final BooleanSupplier kafkaReady;
  private final BooleanSupplier hazelcastReady;
  private final Metrics metrics;
  private final AgentRegistry registry;

  public OpsApi(BooleanSupplier kafkaReady, BooleanSupplier hazelcastReady, Metrics metrics, AgentRegistry registry) {
    this.kafkaReady = kafkaReady;
    this.hazelcastReady = hazelcastReady;
    this.metrics = metrics;
    this.registry = registry;
  }

  public void mount(Router router) {
    router.get("/health").handler(rc -> rc.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}"));
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
  }

  private void ready(RoutingContext rc) {
    boolean kafka = kafkaReady.getAsBoolean();
    boolean hazelcast = hazelcastReady.getAsBoolean();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", kafka && hazelcast ? "UP" : "DOWN");
    body.put("kafka", kafka ? "UP" : "DOWN");
    body.put("hazelcast", hazelcast ? "UP" : "DOWN");
    body.put("liveRegions", registry.liveRegionNames());
    rc.response().setStatusCode(kafka && hazelcast ? 200 : 503)
        .putHeader("Content-Type", "application/json").end(Codec.toJson(body));
  }

  private void metrics(RoutingContext rc) {
    Map<String, Number> gauges = new LinkedHashMap<>();
    gauges.put("downcheck_live_agents", registry.liveAgents().size());
    gauges.put("downcheck_live_regions", registry.liveRegions().size());
    rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.render(gauges));
  }
}
