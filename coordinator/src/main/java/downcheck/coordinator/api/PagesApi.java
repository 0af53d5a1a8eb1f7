package downcheck.coordinator.api;

import io.vertx.ext.web.Router;

/**
 * The web pages' own addresses: {@code /c/{id}} (one check, live until final), {@code /live} (the
 * network live), {@code /t/{host}} (a target's history), {@code /monitors} and {@code /s/{slug}}
 * (a public status page). Each is a static page whose script reads {@code location.pathname}, so
 * a shared link opens the same view; rerouting keeps the static handler the one place that serves
 * files. Unknown paths still fall through to the problem+json 404.
 */
public final class PagesApi {
  public void mount(Router router) {
    router.get("/c/:id").handler(rc -> rc.reroute("/index.html"));
    router.get("/live").handler(rc -> rc.reroute("/live.html"));
    router.get("/t/:host").handler(rc -> rc.reroute("/target.html"));
    router.get("/monitors").handler(rc -> rc.reroute("/monitors.html"));
    router.get("/s/:slug").handler(rc -> rc.reroute("/status.html"));
  }
}
