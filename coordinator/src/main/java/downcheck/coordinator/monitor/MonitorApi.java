package downcheck.coordinator.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import downcheck.coordinator.check.Eyes;
import downcheck.coordinator.check.Submission;
import downcheck.model.check.DnsQuery;
import downcheck.coordinator.http.ApiKeys.Caller;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.Fields;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.coordinator.http.ProblemException;
import downcheck.coordinator.http.Problems;
import downcheck.coordinator.http.Sse;
import downcheck.model.check.TargetPolicy;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.wire.Codec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code /api/v1/monitors} (docs/api.md): create, list, read, change, delete; events, deliveries,
 * badge; who may do which in {@link MonitorAccess}.
 */
final class MonitorApi {
  static final int MAX_BODY = 64 * 1024;
  private static final Set<String> CHECK_FIELDS = union(Set.of("target", "kind", "regions", "timeoutMs", "slowMs",
      "expect", "ipVersion", "method", "headers", "body", "dns"), Eyes.FIELDS);
  private static final Set<String> FIELDS = union(CHECK_FIELDS, MonitorInput.FIELDS);
  private static final Set<String> WATCH_FIELDS = Set.of("notify");

  private final Vertx vertx;
  private final Monitors monitors;
  private final MonitorSettings settings;
  private final MonitorAccess access;
  private final Clock clock;
  /** Per owner tag, monitors being created now and not yet in the catalog: they count in the cap too. */
  private final ConcurrentMap<String, Integer> creating = new ConcurrentHashMap<>();

  MonitorApi(Vertx vertx, Monitors monitors, MonitorSettings settings, MonitorAccess access, Clock clock) {
    this.vertx = vertx;
    this.monitors = monitors;
    this.settings = settings;
    this.access = access;
    this.clock = clock;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.post("/api/v1/monitors").handler(body).handler(this::create);
    router.get("/api/v1/monitors").handler(this::list);
    router.get("/api/v1/monitors/:id").handler(this::get);
    router.put("/api/v1/monitors/:id").handler(body).handler(this::change);
    router.delete("/api/v1/monitors/:id").handler(this::delete);
    router.get("/api/v1/monitors/:id/events").handler(this::events);
    router.get("/api/v1/monitors/:id/deliveries").handler(this::deliveries);
    router.get("/api/v1/monitors/:id/badge.svg").handler(this::badge);
    router.post("/api/v1/checks/:id/watch").handler(body).handler(this::watch);
  }

  private void create(RoutingContext rc) {
    Caller caller = access.writer(rc);
    Definition d = parse(rc.body().asString());
    reserve(caller);
    MonitorSpec spec = d.spec(MonitorIds.next(clock.instant()), caller.owner(), clock.instant());
    monitors.create(spec).onComplete(ar -> release(caller)).onSuccess(view -> rc.response().setStatusCode(201)
        .putHeader("Location", "/api/v1/monitors/" + spec.id())
        .putHeader("Content-Type", "application/json").end(Codec.toJson(view))).onFailure(rc::fail);
  }

  /**
   * Counts the monitor about to be made in the caller's cap, watches and those being made
   * included, or refuses it (409); {@link #release} once it is in the catalog or failed.
   */
  private void reserve(Caller caller) {
    boolean[] room = {false};
    creating.compute(caller.owner(), (owner, n) -> {
      int now = n == null ? 0 : n;
      if (monitors.catalog().ownedBy(owner, caller.legacyOwner()) + now >= settings.maxPerKey()) {
        return n;
      }
      room[0] = true;
      return now + 1;
    });
    if (!room[0]) {
      throw new ProblemException(409, "Too many monitors", (caller.open() ? "this client address" : "this API key")
          + " has reached the most monitors allowed (" + settings.maxPerKey()
          + "), watches included (--monitor-max-per-key); delete one first, or let a watch end", 0);
    }
  }

  private void release(Caller caller) {
    creating.computeIfPresent(caller.owner(), (owner, n) -> n <= 1 ? null : n - 1);
  }

  private void change(RoutingContext rc) {
    Caller caller = access.writer(rc);
    MonitorSpec before = existing(rc, caller);
    if (before == null) {
      return;
    }
    Definition d = parse(rc.body().asString());
    // a watch made permanent stays one of its owner's monitors; an owner's old tag is replaced by its tag now
    String owner = caller.owns(before.owner()) ? caller.owner() : before.owner();
    MonitorSpec spec = d.spec(before.id(), owner, before.createdAt());
    boolean withQuery = MonitorAccess.seesQuery(caller, spec);
    monitors.replace(spec).compose(v -> withQuery ? Future.succeededFuture(v) : monitors.view(spec, false))
        .onSuccess(view -> json(rc, 200, view)).onFailure(rc::fail);
  }

  private void delete(RoutingContext rc) {
    MonitorSpec spec = existing(rc, access.reader(rc));
    if (spec == null) {
      return;
    }
    monitors.delete(spec.id()).onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
  }

  /** The caller's monitors; with keys off every monitor, with an admin key every monitor. */
  private void list(RoutingContext rc) {
    Caller caller = access.reader(rc);
    List<MonitorView> views = new ArrayList<>();
    for (MonitorSpec spec : monitors.catalog().all()) {
      if (MonitorAccess.mayAccess(caller, spec)) {
        views.add(MonitorView.of(spec, monitors.catalog().lastState(spec.id()), clock.instant(),
            MonitorAccess.seesQuery(caller, spec)));
      }
    }
    views.sort(Comparator.comparing(MonitorView::id));
    json(rc, 200, views);
  }

  private void get(RoutingContext rc) {
    Caller caller = access.reader(rc);
    MonitorSpec spec = existing(rc, caller);
    if (spec != null) {
      boolean withQuery = MonitorAccess.seesQuery(caller, spec);
      monitors.view(spec, withQuery).onSuccess(view -> json(rc, 200, view)).onFailure(rc::fail);
    }
  }

  private void deliveries(RoutingContext rc) {
    MonitorSpec spec = existing(rc, access.reader(rc));
    if (spec != null) {
      monitors.deliveries().list(spec.id()).onSuccess(list -> json(rc, 200, list)).onFailure(rc::fail);
    }
  }

  /** Public by id, to be shown anywhere: the name, else the target without its query, and the state. */
  private void badge(RoutingContext rc) {
    MonitorSpec spec = existing(rc, null);
    if (spec != null) {
      String title = spec.name() == null || spec.name().isBlank() ? MonitorView.withoutQuery(spec.target()) : spec.name();
      monitors.view(spec).onSuccess(view -> rc.response().putHeader("Content-Type", "image/svg+xml; charset=utf-8")
          .putHeader("Cache-Control", "no-cache").end(Badge.svg(title, view.state())))
          .onFailure(rc::fail);
    }
  }

  /** SSE: the monitor now, then again on each confirmed change of its state. */
  private void events(RoutingContext rc) {
    Caller caller = access.reader(rc);
    MonitorSpec spec = existing(rc, caller);
    if (spec == null) {
      return;
    }
    boolean withQuery = MonitorAccess.seesQuery(caller, spec);
    monitors.view(spec, withQuery).onSuccess(now -> {
      Sse sse = Sse.of(rc).open().heartbeat(vertx);
      sse.event("state", Codec.toJson(now));
      MessageConsumer<String> consumer = vertx.eventBus().localConsumer(MonitorCatalog.address(spec.id()));
      consumer.handler(msg -> {
        MonitorSpec current = monitors.catalog().spec(spec.id());
        MonitorStatus status = Codec.fromJson(msg.body(), MonitorStatus.class);
        if (current == null || !sse.event("state", Codec.toJson(MonitorView.of(current, status, clock.instant(),
            withQuery)))) {
          consumer.unregister();
          sse.end();
        }
      });
      sse.onClose(v -> consumer.unregister());
    }).onFailure(rc::fail);
  }

  /** "Tell me when it's back": a temporary monitor of an outage check's target. */
  private void watch(RoutingContext rc) {
    Caller caller = access.writer(rc);
    String checkId = rc.pathParam("id");
    String text = rc.body().asString();
    JsonNode root = text == null || text.isBlank() ? Codec.mapper().createObjectNode() : Fields.tree(text);
    List<FieldError> errors = new ArrayList<>();
    Fields.unknown(root, WATCH_FIELDS, "", errors);
    var channels = monitors.channelInput().channels(root.get("notify"), "notify", errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    reserve(caller);
    monitors.watch(checkId, channels, caller.owner()).onComplete(ar -> release(caller)).onSuccess(view -> {
      if (view == null) {
        Problems.send(rc, 404, "Unknown check", "no check with id '" + checkId + "'", List.of(new FieldError("id", "unknown")));
      } else {
        rc.response().setStatusCode(201).putHeader("Location", "/api/v1/monitors/" + view.id())
            .putHeader("Content-Type", "application/json").end(Codec.toJson(view));
      }
    }).onFailure(rc::fail);
  }

  /**
   * The monitor of the path's id, or null after answering 404: also when the caller (null: anyone)
   * may not see it, so that another key's monitor looks like no monitor at all.
   */
  private MonitorSpec existing(RoutingContext rc, Caller caller) {
    String id = rc.pathParam("id");
    MonitorSpec spec = MonitorIds.looksValid(id) ? monitors.catalog().spec(id) : null;
    if (spec != null && caller != null && !MonitorAccess.mayAccess(caller, spec)) {
      spec = null;
    }
    if (spec == null) {
      Problems.send(rc, 404, "Unknown monitor", "no monitor with id '" + (id.length() > 80 ? id.substring(0, 80) : id) + "'",
          List.of(new FieldError("id", "unknown")));
    }
    return spec;
  }

  /** The body's fields: the check's, validated as for a check, and the monitor's own; every bad one named at once. */
  private Definition parse(String text) {
    if (text == null || text.isBlank()) {
      throw InvalidRequestException.of("body", "must be a JSON object with at least \"target\"");
    }
    JsonNode root = Fields.tree(text);
    if (!root.isObject()) {
      throw InvalidRequestException.of("body", "must be a JSON object with at least \"target\"");
    }
    List<FieldError> errors = new ArrayList<>();
    Fields.unknown(root, FIELDS, "", errors);
    ObjectNode checkPart = ((ObjectNode) root).deepCopy().retain(CHECK_FIELDS);
    Submission check = Submission.read(checkPart, new TargetPolicy(settings.allowPrivateTargets()), errors);
    MonitorInput own = MonitorInput.read(root, settings.minIntervalSeconds(), monitors.channelInput(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Definition(check, own);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static void json(RoutingContext rc, int status, Object body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Codec.toJson(body));
  }

  /** A valid body: what to check and how to monitor it. */
  private record Definition(Submission check, MonitorInput input) {
    MonitorSpec spec(String id, String owner, java.time.Instant createdAt) {
      return new MonitorSpec(id, input.name(), check.target().normalized(), check.target().kind(), check.regions(),
          check.timeoutMs(), check.slowMs(), check.expect(), input.intervalSeconds(), input.confirmations(),
          input.notifyOn(), input.channels(), owner, createdAt, false, null, input.certExpiryDays(), input.maintenance(),
          check.options().ipVersion(), null, check.options().dns().equals(DnsQuery.DEFAULT) ? null : check.options().dns(),
          check.eyes().isDefault() ? null : check.eyes().perRegion(), check.eyes().locations(),
          check.eyes().locations().isEmpty() ? null : check.eyes().limit())
          .withRequest(check.options().request());
    }
  }
}
