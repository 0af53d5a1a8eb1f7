package downcheck.coordinator.api;

import downcheck.coordinator.registry.AgentRegistry;
import downcheck.model.agent.Heartbeat;
import downcheck.model.wire.Codec;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/regions} and {@code /api/v1/agents}: who is live, how healthy, and where. */
public final class RegistryApi {
  private final AgentRegistry registry;

  public RegistryApi(AgentRegistry registry) {
    this.registry = registry;
  }

  public void mount(Router router) {
    router.get("/api/v1/regions").handler(this::regions);
    router.get("/api/v1/agents").handler(this::agents);
  }

  private void regions(RoutingContext rc) {
    json(rc, registry.liveRegions());
  }

  private void agents(RoutingContext rc) {
    List<Map<String, Object>> out = registry.liveAgents().stream().map(RegistryApi::agent).toList();
    json(rc, out);
  }

  private static Map<String, Object> agent(Heartbeat h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agentId", h.agentId());
    m.put("region", h.region());
    m.put("version", h.version());
    m.put("status", h.status());
    m.put("lastHeartbeat", h.sentAt());
    m.put("canaries", h.canaries());
    m.put("reason", h.reason());
    if (h.location() != null) {
      m.put("location", h.location()); // absent when the agent said nothing of where it stands
    }
    return m;
  }

  private static void json(RoutingContext rc, Object body) {
    rc.response().putHeader("Content-Type", "application/json").end(Codec.toJson(body));
  }
}
