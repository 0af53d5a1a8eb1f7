package downcheck.coordinator.api;

import downcheck.coordinator.agenttrust.AgentTrust;
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
  private final AgentTrust trust;

  /** @param trust the agents' trust records, shown as each agent's {@code trust} */
  public RegistryApi(AgentRegistry registry, AgentTrust trust) {
    this.registry = registry;
    this.trust = trust;
  }

  public void mount(Router router) {
    router.get("/api/v1/regions").handler(this::regions);
    router.get("/api/v1/agents").handler(this::agents);
  }

  private void regions(RoutingContext rc) {
    json(rc, registry.liveRegions());
  }

  private void agents(RoutingContext rc) {
    List<Heartbeat> live = registry.liveAgents();
    trust.standings(live.stream().map(Heartbeat::agentId).toList())
        .onSuccess(standings -> json(rc, live.stream().map(h -> {
          Map<String, Object> m = agent(h);
          m.put("trust", standings.get(h.agentId()));
          return m;
        }).toList()))
        .onFailure(rc::fail);
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
