package downcheck.coordinator.api;

import downcheck.model.check.CheckIds;
import downcheck.coordinator.check.CheckService;
import downcheck.coordinator.check.CheckService.Submitted;
import downcheck.coordinator.check.CoordinatorBusyException;
import downcheck.coordinator.check.AgentPicker;
import downcheck.coordinator.check.Eyes;
import downcheck.coordinator.check.Question;
import downcheck.coordinator.check.Submission;
import downcheck.coordinator.http.FieldError;
import downcheck.model.agent.Heartbeat;
import java.util.concurrent.ThreadLocalRandom;
import downcheck.coordinator.dispatch.KafkaUnavailableException;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.http.InvalidRequestException;
import downcheck.coordinator.http.Problems;
import downcheck.coordinator.registry.AgentRegistry;
import downcheck.model.check.TargetPolicy;
import downcheck.model.wire.Codec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** {@code /api/v1/checks}: submit, read, and follow one check live. */
public final class CheckApi {
  static final int MAX_BODY = 64 * 1024;
  static final long SHED_RETRY_AFTER_S = 1;
  /** When to try again with no region live: an agent counts as live from its first heartbeat, seconds after it starts. */
  static final long NO_REGION_RETRY_AFTER_S = 5;

  private final Vertx vertx;
  private final CheckService checks;
  private final AgentRegistry registry;
  private final AccessGuard guard;
  private final Clock clock;
  private final BooleanSupplier kafkaReady;
  private final TargetPolicy policy;
  private final SubmitBound bound;
  /** The 503s a crowd past capacity gets, encoded once. */
  private final Buffer busySubmitting;
  private final Buffer busyOpen;

  public CheckApi(Vertx vertx, CheckService checks, AgentRegistry registry, AccessGuard guard, Clock clock,
      BooleanSupplier kafkaReady, TargetPolicy policy, SubmitBound bound) {
    this.kafkaReady = kafkaReady;
    this.policy = policy;
    this.bound = bound;
    this.vertx = vertx;
    this.checks = checks;
    this.registry = registry;
    this.guard = guard;
    this.clock = clock;
    this.busySubmitting = Problems.encoded(503, "Coordinator busy", "this coordinator is working on its most checks at once ("
        + bound.max() + "); try again in " + SHED_RETRY_AFTER_S + " s");
    this.busyOpen = Problems.encoded(503, "Coordinator busy", CoordinatorBusyException.message(checks.maxOpen()));
  }

  public void mount(Router router) {
    // no file uploads: by default the handler creates ./file-uploads, which fails (500 on every
    // submit) where the working directory is not writable, as in a container run as non-root
    // a route of its own ahead of the body's: Vert.x Web runs a route's body handler first
    router.post("/api/v1/checks").handler(this::shedEarly);
    router.post("/api/v1/checks").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(guard::check)
        .handler(this::submit);
    router.get("/api/v1/checks/:id").handler(this::get);
    router.get("/api/v1/checks/:id/events").handler(this::events);
  }

  /**
   * Past capacity a submission is turned away before its body is read, from counters alone: no
   * JSON, no Hazelcast, an answer encoded once. When the open checks are the bound and questions
   * may be shared, the body decides (a question a check in flight answers is still answered).
   */
  private void shedEarly(RoutingContext rc) {
    if (bound.full()) {
      bound.shed();
      Problems.retryLater(rc, 503, busySubmitting, SHED_RETRY_AFTER_S);
    } else if (!checks.shares() && checks.full()) {
      bound.shed();
      Problems.retryLater(rc, 503, busyOpen, CoordinatorBusyException.RETRY_AFTER_SECONDS);
    } else {
      rc.next();
    }
  }

  private void submit(RoutingContext rc) {
    Submission s = Submission.parse(rc.body().asString(), policy);
    if (s.fresh() && checks.full()) {
      // a fresh question needs a new check, and there is no room for one: turned away at once
      bound.shed();
      Problems.retryLater(rc, 503, busyOpen, CoordinatorBusyException.RETRY_AFTER_SECONDS);
      return;
    }
    if (!kafkaReady.getAsBoolean()) {
      // known down: answer at once rather than after the dispatch's timeout
      rc.fail(new KafkaUnavailableException("Kafka is unreachable from this coordinator; checks cannot be sent", null));
      return;
    }
    List<String> live = registry.liveRegionNames();
    if (live.isEmpty()) {
      rc.response().putHeader("Retry-After", Long.toString(NO_REGION_RETRY_AFTER_S));
      Problems.send(rc, 503, "No live region", "no probe agent is live; start one with ./downcheck agent", List.of());
      return;
    }
    Question question = s.asking(liveRegionsAsked(s, live));
    if (!s.eyes().isDefault()) {
      List<Heartbeat> chosen = AgentPicker.choose(registry.liveAgents(), question.regions(), s.regions(), s.eyes(),
          ThreadLocalRandom.current().nextLong());
      if (chosen.isEmpty()) {
        noAgentThere(rc, s.eyes());
        return;
      }
      question = question.answeredBy(chosen);
    }
    if (!bound.tryAcquire()) {
      shed(rc);
      return;
    }
    checks.submit(question)
        .onComplete(ar -> bound.release())
        .onSuccess(submitted -> accepted(rc, submitted))
        .onFailure(rc::fail);
  }

  /**
   * Past capacity: the submissions already taken are the work this coordinator can do now, so
   * the next one is turned away at once, cheaply, rather than queued (latency and memory would
   * grow without end under a crowd). The client may try again in a second, or another coordinator.
   */
  private void shed(RoutingContext rc) {
    Problems.retryLater(rc, 503, busySubmitting, SHED_RETRY_AFTER_S);
  }

  /** No live agent matches any location asked for: 503, as with no live region, naming {@code locations}. */
  private static void noAgentThere(RoutingContext rc, Eyes eyes) {
    String detail = "no live agent " + eyes.locations().stream().map(Eyes::describe)
        .collect(java.util.stream.Collectors.joining(", nor "));
    rc.response().putHeader("Retry-After", Long.toString(NO_REGION_RETRY_AFTER_S));
    Problems.send(rc, 503, "No live agent there", detail, List.of(new FieldError("locations", detail)));
  }

  /** The regions asked for, all live; none asked means every live region. */
  private static List<String> liveRegionsAsked(Submission s, List<String> live) {
    List<String> regions = s.regions().isEmpty() ? live : s.regions();
    List<String> unknown = new ArrayList<>(regions);
    unknown.removeAll(live);
    if (!unknown.isEmpty()) {
      throw InvalidRequestException.of("regions", "unknown or not live: " + String.join(", ", unknown)
          + " (live: " + String.join(", ", live) + ")");
    }
    return regions;
  }

  /** 202 for a new check, 200 for an answer shared from a check of the same probes. */
  private static void accepted(RoutingContext rc, Submitted submitted) {
    rc.response().setStatusCode(submitted.coalesced() ? 200 : 202)
        .putHeader("Location", "/api/v1/checks/" + submitted.check().id())
        .putHeader("Content-Type", "application/json")
        .end(Codec.toJson(submitted.check()));
  }

  private void get(RoutingContext rc) {
    String id = rc.pathParam("id");
    if (!CheckIds.looksValid(id)) {
      notFound(rc, id);
      return;
    }
    checks.read(id).onSuccess(view -> {
      if (view == null) {
        notFound(rc, id);
      } else {
        rc.response().putHeader("Content-Type", "application/json").end(Codec.toJson(view));
      }
    }).onFailure(rc::fail);
  }

  /** SSE of one check, as {@link CheckEventStream} follows it. */
  private void events(RoutingContext rc) {
    String id = rc.pathParam("id");
    if (!CheckIds.looksValid(id)) {
      notFound(rc, id);
      return;
    }
    checks.viewpoint(id).onSuccess(viewpoint -> {
      if (viewpoint == null) {
        endedLongAgo(rc, id);
      } else {
        new CheckEventStream(vertx, checks, clock, rc, viewpoint).start();
      }
    }).onFailure(rc::fail);
  }

  /** A check only its lasting link keeps: its {@code final} event at once, as for any check already final. */
  private void endedLongAgo(RoutingContext rc, String id) {
    checks.lasting(id).onSuccess(view -> {
      if (view == null) {
        notFound(rc, id);
      } else {
        CheckEventStream.finalOnly(rc, view);
      }
    }).onFailure(rc::fail);
  }

  static void notFound(RoutingContext rc, String id) {
    Problems.send(rc, 404, "Unknown check", "no check with id '" + id + "' (checks are kept for a limited time)",
        List.of(new FieldError("id", "unknown")));
  }
}
