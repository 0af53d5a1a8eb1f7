package downcheck.coordinator.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.ApiKeys.Caller;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.coordinator.http.ProblemException;
import downcheck.coordinator.http.Problems;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.StatusPage;
import downcheck.model.wire.Codec;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /api/v1/status-pages} (docs/api.md): create, list, read, change, delete a public status
 * page of chosen monitors, with the key that owns them (as for monitors, {@link MonitorAccess});
 * and, to anyone, its summary and its Atom feed ({@code /s/{slug}/feed.atom}). A page's slug is
 * public, so another key's page is a 403, not a 404.
 */
final class StatusPageApi {
  static final int MAX_BODY = 16 * 1024;
  /** Status pages one API key (with keys off, one client address) may own. */
  static final int MAX_PER_OWNER = 20;
  private static final Set<String> FIELDS = Set.of("slug", "title", "monitors", "showTargets");

  private final MonitorCatalog catalog;
  private final MonitorAccess access;
  private final Clock clock;
  /** Slugs being created now and not yet in the catalog: taken already for a second create. */
  private final Set<String> creating = ConcurrentHashMap.newKeySet();

  StatusPageApi(MonitorCatalog catalog, MonitorAccess access, Clock clock) {
    this.catalog = catalog;
    this.access = access;
    this.clock = clock;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.post("/api/v1/status-pages").handler(body).handler(this::create);
    router.get("/api/v1/status-pages").handler(this::list);
    router.get("/api/v1/status-pages/:slug").handler(this::get);
    router.put("/api/v1/status-pages/:slug").handler(body).handler(this::change);
    router.delete("/api/v1/status-pages/:slug").handler(this::delete);
    router.get("/api/v1/status-pages/:slug/summary").handler(this::summary);
    router.get("/s/:slug/feed.atom").handler(this::feed);
  }

  /** A page as its owner reads it: no owner tag. */
  record View(String slug, String title, List<String> monitors, boolean showTargets, Instant createdAt,
      Instant updatedAt, String url) {
    static View of(StatusPage p) {
      return new View(p.slug(), p.title(), p.monitors(), p.showTargets(), p.createdAt(), p.updatedAt(), "/s/" + p.slug());
    }
  }

  private void create(RoutingContext rc) {
    Caller caller = access.writer(rc);
    Definition d = parse(rc.body().asString(), caller, null);
    long owned = catalog.pages().stream().filter(p -> caller.owns(p.owner())).count();
    if (owned >= MAX_PER_OWNER) {
      throw new ProblemException(409, "Too many status pages", (caller.open() ? "this client address" : "this API key")
          + " has reached the most status pages allowed (" + MAX_PER_OWNER + "); delete one first", 0);
    }
    if (catalog.page(d.slug()) != null || !creating.add(d.slug())) {
      Problems.send(rc, 409, "Slug taken", "a status page '" + d.slug() + "' exists already: choose another slug",
          List.of(new FieldError("slug", "taken")));
      return;
    }
    Instant now = clock.instant();
    StatusPage page = new StatusPage(d.slug(), d.title(), d.monitors(), d.showTargets(), caller.owner(), now, now);
    catalog.putPage(page).onComplete(ar -> creating.remove(d.slug())).onSuccess(v -> rc.response().setStatusCode(201)
        .putHeader("Location", "/api/v1/status-pages/" + page.slug())
        .putHeader("Content-Type", "application/json").end(Codec.toJson(View.of(page)))).onFailure(rc::fail);
  }

  /** The caller's pages; with keys off, or to an admin key, every page. */
  private void list(RoutingContext rc) {
    Caller caller = access.reader(rc);
    json(rc, 200, catalog.pages().stream().filter(p -> caller.mayAccess(p.owner()))
        .sorted(Comparator.comparing(StatusPage::slug)).map(View::of).toList());
  }

  private void get(RoutingContext rc) {
    StatusPage page = existing(rc, access.reader(rc));
    if (page != null) {
      json(rc, 200, View.of(page));
    }
  }

  private void change(RoutingContext rc) {
    Caller caller = access.writer(rc);
    StatusPage before = existing(rc, caller);
    if (before == null) {
      return;
    }
    Definition d = parse(rc.body().asString(), caller, before.slug());
    // an owner's old tag is replaced by its tag now, as for monitors; an admin's change keeps the owner
    String owner = caller.owns(before.owner()) ? caller.owner() : before.owner();
    StatusPage page = new StatusPage(before.slug(), d.title(), d.monitors(), d.showTargets(), owner, before.createdAt(),
        clock.instant());
    catalog.putPage(page).onSuccess(v -> json(rc, 200, View.of(page))).onFailure(rc::fail);
  }

  private void delete(RoutingContext rc) {
    StatusPage page = existing(rc, access.reader(rc));
    if (page != null) {
      catalog.deletePage(page.slug()).onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }
  }

  /** Public: what the page at {@code /s/{slug}} shows, from this coordinator's view of the monitors topic. */
  private void summary(RoutingContext rc) {
    StatusPage page = existing(rc, null);
    if (page != null) {
      rc.response().putHeader("Cache-Control", "no-cache");
      json(rc, 200, summaryOf(page));
    }
  }

  /** Public: the page's incidents as Atom. */
  private void feed(RoutingContext rc) {
    StatusPage page = existing(rc, null);
    if (page != null) {
      rc.response().putHeader("Content-Type", "application/atom+xml; charset=utf-8").putHeader("Cache-Control", "no-cache")
          .end(AtomFeed.of(summaryOf(page)));
    }
  }

  private StatusSummary summaryOf(StatusPage page) {
    return StatusSummary.of(page, catalog::spec, catalog::lastState, clock.instant());
  }

  /**
   * The page of the path's slug, or null after answering: 404 when there is none, 403 when the
   * caller (null: anyone, for the public reads) may not change it.
   */
  private StatusPage existing(RoutingContext rc, Caller caller) {
    String slug = rc.pathParam("slug");
    StatusPage page = StatusPage.validSlug(slug) ? catalog.page(slug) : null;
    if (page == null) {
      Problems.send(rc, 404, "Unknown status page", "no status page '" + Fields.clip(slug) + "'",
          List.of(new FieldError("slug", "unknown")));
      return null;
    }
    if (caller != null && !caller.mayAccess(page.owner())) {
      Problems.send(rc, 403, "Not your status page", "the status page '" + slug + "' belongs to another API key", List.of());
      return null;
    }
    return page;
  }

  /** The body's fields, every bad one named at once; {@code slug} the page's when changing one. */
  private Definition parse(String text, Caller caller, String slug) {
    if (text == null || text.isBlank()) {
      throw InvalidRequestException.of("body", "must be a JSON object with \"slug\", \"title\" and \"monitors\"");
    }
    JsonNode root = Fields.tree(text);
    if (!root.isObject()) {
      throw InvalidRequestException.of("body", "must be a JSON object with \"slug\", \"title\" and \"monitors\"");
    }
    List<FieldError> errors = new ArrayList<>();
    Fields.unknown(root, FIELDS, "", errors);
    JsonNode s = root.get("slug");
    if (slug == null && Fields.absent(s)) {
      errors.add(new FieldError("slug", "required: the page's address, /s/{slug}"));
    } else if (!Fields.absent(s) && (!s.isTextual() || !StatusPage.validSlug(s.asText()))) {
      errors.add(new FieldError("slug", "must be 1.." + StatusPage.MAX_SLUG + " lowercase letters, digits and hyphens,"
          + " a hyphen never first, last or doubled; got " + Fields.json(s)));
    } else if (slug != null && !Fields.absent(s) && !slug.equals(s.asText())) {
      errors.add(new FieldError("slug", "a page's slug does not change (" + slug + "): create a new page instead"));
    }
    String title = Fields.string(root.get("title"), "title", StatusPage.MAX_TITLE, true, errors);
    if (Fields.absent(root.get("title"))) {
      errors.add(new FieldError("title", "required"));
    }
    List<String> monitors = monitors(root.get("monitors"), caller, errors);
    boolean showTargets = Fields.bool(root.get("showTargets"), "showTargets", errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Definition(slug != null ? slug : s.asText(), title, monitors, showTargets);
  }

  /** 1..50 ids of monitors the caller may see (another key's looks like none), each once. */
  private List<String> monitors(JsonNode list, Caller caller, List<FieldError> errors) {
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > StatusPage.MAX_MONITORS) {
      errors.add(new FieldError("monitors", "must be a list of 1.." + StatusPage.MAX_MONITORS + " monitor ids"
          + (list == null ? "" : ", got " + Fields.json(list))));
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String field = "monitors[" + i + "]";
      String id = n.isTextual() ? n.asText() : null;
      MonitorSpec spec = MonitorIds.looksValid(id) ? catalog.spec(id) : null;
      if (spec == null || !MonitorAccess.mayAccess(caller, spec)) {
        errors.add(new FieldError(field, "no monitor" + (caller.open() ? "" : " of this API key") + " with id "
            + Fields.json(n)));
      } else if (!seen.add(id)) {
        errors.add(new FieldError(field, "listed twice: " + id));
      } else {
        ids.add(id);
      }
    }
    return ids;
  }

  private static void json(RoutingContext rc, int status, Object body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Codec.toJson(body));
  }

  private record Definition(String slug, String title, List<String> monitors, boolean showTargets) {}
}
