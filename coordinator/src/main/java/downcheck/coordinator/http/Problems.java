package downcheck.coordinator.http;

import downcheck.model.wire.Codec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Errors as {@code application/problem+json} (RFC 9457), with the bad fields named. */
public final class Problems {
  private static final Pattern NOT_TYPE = Pattern.compile("[^a-z0-9]+");

  private Problems() {}

  /** A problem without field errors, encoded once: for an answer given often, e.g. to a crowd turned away. */
  public static Buffer encoded(int status, String title, String detail) {
    return Buffer.buffer(Codec.toJson(body(status, title, detail, List.of())));
  }

  /** Sends a problem {@link #encoded} before, with when to try again ({@code Retry-After}, in seconds). */
  public static void retryLater(RoutingContext rc, int status, Buffer encoded, long retryAfterSeconds) {
    HttpServerResponse res = rc.response();
    if (res.ended() || res.headWritten()) {
      return;
    }
    res.setStatusCode(status).putHeader("Retry-After", Long.toString(retryAfterSeconds))
        .putHeader("Content-Type", "application/problem+json").end(encoded);
  }

  private static Map<String, Object> body(int status, String title, String detail, List<FieldError> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:downcheck:problem:" + NOT_TYPE.matcher(title.toLowerCase()).replaceAll("-"));
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("errors", errors);
    return body;
  }

  public static void send(RoutingContext rc, int status, String title, String detail, List<FieldError> errors) {
    send(rc.response(), status, title, detail, errors);
  }

  /** The same on a bare response (no router: a refused connection); completes when it is sent, or could not be. */
  public static Future<Void> send(HttpServerResponse res, int status, String title, String detail, List<FieldError> errors) {
    if (res.ended() || res.headWritten()) {
      return Future.succeededFuture();
    }
    return res.setStatusCode(status).putHeader("Content-Type", "application/problem+json")
        .end(Codec.toJson(body(status, title, detail, errors)));
  }

  static void invalid(RoutingContext rc, InvalidRequestException e) {
    send(rc, 400, "Invalid request", e.getMessage(), e.errors());
  }

  /** Sends a refusal with when to try again ({@code Retry-After}, in seconds). */
  public static void retryLater(RoutingContext rc, int status, String title, String detail, long retryAfterSeconds) {
    rc.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
    send(rc, status, title, detail, List.of());
  }

  /**
   * Answers a failed request: a refusal the handlers threw ({@link InvalidRequestException},
   * {@link ProblemException}) as it is, else by the status the router failed with; anything
   * unexpected is a 500, logged here. The router's failure handler ends here after its own cases.
   */
  public static void onFailure(RoutingContext rc) {
    Throwable t = rc.failure();
    if (t instanceof InvalidRequestException e) {
      invalid(rc, e);
      return;
    }
    if (t instanceof ProblemException p) {
      if (p.retryAfterSeconds() > 0) {
        rc.response().putHeader("Retry-After", Long.toString(p.retryAfterSeconds()));
      }
      send(rc, p.status(), p.title(), p.getMessage(), p.errors());
      return;
    }
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    switch (status) {
      case 404 -> send(rc, 404, "Not found", "no such resource: " + rc.request().path(), List.of());
      case 405 -> send(rc, 405, "Method not allowed", rc.request().method() + " is not allowed here", List.of());
      case 413 -> send(rc, 413, "Body too large", "the request body is over 64 KiB", List.of(new FieldError("body", "over 64 KiB")));
      case 400 -> send(rc, 400, "Invalid request", t == null ? "bad request" : String.valueOf(t.getMessage()), List.of());
      default -> {
        org.slf4j.LoggerFactory.getLogger(Problems.class).error("{} {} failed", rc.request().method(), rc.request().path(), t);
        send(rc, status, "Internal error", "the coordinator could not answer; try again", List.of());
      }
    }
  }
}
