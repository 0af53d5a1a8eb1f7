package downcheck.coordinator.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The headers every answer of the coordinator carries, pages, files and API alike
 * (docs/security.md, Pages): the pages run only their own scripts and styles, are never framed,
 * are never sniffed into another type, and send no Referer to the sites they link to.
 */
public final class SecurityHeaders {
  /**
   * Everything from this origin only, nothing inline. {@code connect-src} adds any http(s) URL
   * because the check page's "is it just me?" look fetches the target the asker typed, which no
   * list can name ahead (a no-cors fetch: the page never reads the answer).
   */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** Adds the headers to every answer of {@code router}: mount before any other route. */
  public static void mount(Router router) {
    router.route().handler(SecurityHeaders::add);
  }

  private static void add(RoutingContext rc) {
    MultiMap h = rc.response().headers();
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY"); // frame-ancestors for browsers that predate it
    rc.next();
  }
}
