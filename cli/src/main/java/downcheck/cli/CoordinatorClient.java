package downcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import downcheck.model.wire.MalformedMessageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The coordinator's check API as the CLI uses it: submit, follow the events, read the check.
 * Every way it can go wrong becomes a {@link Failure} that names the address it tried.
 */
final class CoordinatorClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** A POST or GET that has not answered in this long is not going to; the SSE stream is bounded by the caller. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** A check as the coordinator sent it: its JSON verbatim (for {@code --json}) and parsed. */
  record Fetched(String json, CheckView view) {}

  private final String server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  /** @param server the coordinator's base URL, without a trailing slash */
  CoordinatorClient(String server) {
    this.server = server;
  }

  String server() {
    return server;
  }

  /** Where a person can look at the check in a browser. */
  String pageOf(String checkId) {
    return server + "/c/" + checkId;
  }

  Fetched submit(String body) throws Failure, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server + "/api/v1/checks")).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return check(send(req, HttpResponse.BodyHandlers.ofString(), "submit the check"));
  }

  Fetched get(String checkId) throws Failure, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server + "/api/v1/checks/" + checkId)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json").GET().build();
    HttpResponse<String> res = send(req, HttpResponse.BodyHandlers.ofString(), "read check " + checkId);
    if (res.statusCode() == 404) {
      // it took the check a moment ago: it forgot it (restarted alone), which is no answer, not a bad request
      throw new Failure(Ending.NO_VERDICT, "downcheck: " + server + " no longer knows check " + checkId);
    }
    return check(res);
  }

  /**
   * Follows the check's events until {@code final}, handing each agent's result and each
   * recomputed check to {@code onResult}/{@code onCheck} as they come. Returns the final
   * check, or null when the stream ended or broke before it: the caller then reads the check.
   */
  Fetched follow(String checkId, Consumer<ProbeResult> onResult, Consumer<CheckView> onCheck)
      throws Failure, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server + "/api/v1/checks/" + checkId + "/events"))
        .header("Accept", "text/event-stream").GET().build();
    HttpResponse<InputStream> res;
    try {
      res = send(req, HttpResponse.BodyHandlers.ofInputStream(), "follow check " + checkId);
    } catch (Failure f) {
      if (f.ending() == Ending.NO_COORDINATOR) {
        throw f;
      }
      return null; // the stream is a nicety: the check itself still answers
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      if (res.statusCode() != 200) {
        return null;
      }
      String event = "message";
      StringBuilder data = new StringBuilder();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          String value = line.substring(5);
          data.append(data.length() == 0 ? "" : "\n").append(value.startsWith(" ") ? value.substring(1) : value);
        } else if (line.isEmpty() && data.length() > 0) {
          // one event ends at a blank line
          String json = data.toString();
          data.setLength(0);
          switch (event) {
            case "result" -> onResult.accept(parse(json, ProbeResult.class));
            case "verdict" -> onCheck.accept(parse(json, CheckView.class));
            case "final" -> {
              return new Fetched(json, parse(json, CheckView.class));
            }
            default -> { } // an event a newer coordinator added
          }
          event = "message";
        }
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped following check " + checkId);
      }
    }
    return null;
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body, String what)
      throws Failure, InterruptedException {
    try {
      return http.send(req, body);
    } catch (HttpConnectTimeoutException e) {
      throw noCoordinator("connect timed out");
    } catch (HttpTimeoutException e) {
      throw new Failure(Ending.NO_VERDICT, "downcheck: the coordinator at " + server + " did not answer within "
          + REQUEST_TIMEOUT.toSeconds() + " s when asked to " + what);
    } catch (java.net.ConnectException e) {
      throw noCoordinator(connectReason(e));
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException(what);
      }
      throw new Failure(Ending.BAD_ANSWER, "downcheck: lost the connection to " + server + " when asked to " + what
          + " (" + Failure.reason(e) + ")");
    }
  }

  private Failure noCoordinator(String reason) {
    return new Failure(Ending.NO_COORDINATOR, "downcheck: no coordinator answers at " + server + " (" + reason
        + "); start one with ./downcheck dev, or point --server at one");
  }

  /** "connection refused", "unknown host": what a person needs to fix the address. */
  private static String connectReason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
    }
    String reason = Failure.reason(e);
    // Java 17's client loses the socket's own message: a bare ConnectException is a refused connection
    return reason.equals(e.getClass().getSimpleName()) ? "connection refused" : reason.toLowerCase(Locale.ROOT);
  }

  private Fetched check(HttpResponse<String> res) throws Failure {
    if (res.statusCode() / 100 != 2) {
      throw refused(res);
    }
    CheckView view = parse(res.body(), CheckView.class);
    if (view.id() == null || view.id().isBlank()) {
      throw new Failure(Ending.BAD_ANSWER, "downcheck: " + server + " answered, but not with a check: no id in "
          + (res.body().length() > 60 ? res.body().substring(0, 60) + "..." : res.body()));
    }
    return new Fetched(res.body(), view);
  }

  private <T> T parse(String json, Class<T> type) throws Failure {
    try {
      return Codec.fromJson(json, type);
    } catch (MalformedMessageException e) {
      throw new Failure(Ending.BAD_ANSWER, "downcheck: " + server + " answered, but not with a check: "
          + Failure.reason(e));
    }
  }

  /** A problem+json answer in one or two lines: status, title and detail; then the named bad fields. */
  private Failure refused(HttpResponse<String> res) {
    int status = res.statusCode();
    Ending ending = Ending.ofStatus(status);
    String prefix = "downcheck: " + server + " " + (ending == Ending.REFUSED ? "refused the check" : "cannot take the check now");
    JsonNode problem;
    try {
      problem = Codec.mapper().readTree(res.body());
    } catch (IOException | RuntimeException e) {
      problem = null;
    }
    if (problem == null || !problem.isObject() || !problem.hasNonNull("title")) {
      return new Failure(ending, prefix + ": HTTP " + status + " without a problem report (is it a downcheck coordinator?)");
    }
    String detail = problem.path("detail").asText("").replaceAll("\\s+", " ").strip();
    StringBuilder line = new StringBuilder(prefix).append(": ").append(status).append(' ')
        .append(problem.path("title").asText());
    if (!detail.isBlank()) {
      line.append(": ").append(detail);
    }
    res.headers().firstValue("Retry-After").ifPresent(s -> line.append(" (retry after ").append(s).append(" s)"));
    List<String> fields = new ArrayList<>();
    for (JsonNode error : problem.path("errors")) {
      String one = error.path("field").asText("") + ": " + error.path("message").asText("");
      if (!detail.equals(one)) {
        fields.add(one);
      }
    }
    if (!fields.isEmpty()) {
      line.append("\n  ").append(String.join("; ", fields));
    }
    return new Failure(ending, line.toString());
  }
}
