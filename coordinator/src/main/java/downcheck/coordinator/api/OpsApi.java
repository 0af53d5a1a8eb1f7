package downcheck.coordinator.api;

import downcheck.coordinator.registry.AgentRegistry;
import downcheck.model.wire.Codec;
import downcheck.runtime.telemetry.Telemetry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health} (alive), {@code /ready} (Kafka and Hazelcast reachable, recent state restored), {@code /metrics}, and the web page. */
public final class OpsApi {
  private final BooleanSupplier kafkaReady;
  private final BooleanSupplier hazelcastReady;
  private final BooleanSupplier stateRestored;
  private final Telemetry telemetry;
  private final AgentRegistry registry;

  public OpsApi(BooleanSupplier kafkaReady, BooleanSupplier hazelcastReady, BooleanSupplier stateRestored,
      Telemetry telemetry, AgentRegistry registry) {
    this.stateRestored = stateRestored;
    this.telemetry = telemetry;
    this.kafkaReady = kafkaReady;
    this.hazelcastReady = hazelcastReady;
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
    // after a full restart, not ready until the recent checks are rebuilt from Kafka
    boolean restored = stateRestored.getAsBoolean();
    boolean ready = kafka && hazelcast && restored;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "UP" : "DOWN");
    body.put("kafka", kafka ? "UP" : "DOWN");
    body.put("hazelcast", hazelcast ? "UP" : "DOWN");
    body.put("state", restored ? "RESTORED" : "REPLAYING");
    body.put("liveRegions", registry.liveRegionNames());
    rc.response().setStatusCode(ready ? 200 : 503)
        .putHeader("Content-Type", "application/json").end(Codec.toJson(body));
  }

  private void metrics(RoutingContext rc) {
    rc.response().putHeader("Content-Type", Telemetry.CONTENT_TYPE).end(telemetry.scrape());
  }
}
