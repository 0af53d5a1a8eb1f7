package downcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.wire.Codec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code --watch}: after an outage, "tell me when it's back". Makes a temporary monitor of the
 * check's target on the coordinator ({@code POST /api/v1/checks/{id}/watch}) and follows its
 * state until the regions confirm the target is up again, or the watch ends (24 h).
 */
final class Watch {
  private static final Duration RECONNECT = Duration.ofSeconds(2);

  private final String server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Watch(String server) {
    this.server = server;
  }

  /** Waits until it is back: OK then, NO_VERDICT when the watch ended without it, or the coordinator's failure. */
  Ending until(String checkId, PrintWriter out, boolean json) throws Failure, InterruptedException {
    JsonNode monitor = start(checkId);
    String id = monitor.path("id").asText();
    Instant expires = Instant.parse(monitor.path("expiresAt").asText(Instant.now().plus(Duration.ofHours(24)).toString()));
    if (!json) {
      out.println("watching " + monitor.path("target").asText() + " from every region until it is back (up to 24 h;"
          + " Ctrl-C stops)...");
      out.flush();
    }
    while (Instant.now().isBefore(expires)) {
      JsonNode back = follow(id);
      if (back != null) {
        out.println(json ? back.toString() : "back up at " + back.path("since").asText() + ": "
            + back.path("lastCheck").path("summary").asText(""));
        out.flush();
        return Ending.UP;
      }
      if (gone(id)) {
        // the watch deletes itself once it told the recovery: the stream may have missed that last event
        return Instant.now().isBefore(expires) ? back(out, json) : Ending.NO_VERDICT;
      }
      Thread.sleep(RECONNECT.toMillis()); // the stream broke: follow it again
    }
    return Ending.NO_VERDICT;
  }

  private Ending back(PrintWriter out, boolean json) {
    out.println(json ? "{\"state\":\"UP\"}" : "back up");
    out.flush();
    return Ending.UP;
  }

  private JsonNode start(String checkId) throws Failure, InterruptedException {
    HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(server + "/api/v1/checks/" + checkId + "/watch"))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 201) {
      throw new Failure(Ending.ofStatus(res.statusCode()), "downcheck: " + server + " did not watch check " + checkId
          + ": HTTP " + res.statusCode() + " " + tree(res.body()).path("detail").asText(""));
    }
    return tree(res.body());
  }

  /** The monitor once its state is UP, or null when the stream ended first. */
  private JsonNode follow(String id) throws InterruptedException {
    HttpResponse<InputStream> res;
    try {
      res = http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/monitors/" + id + "/events"))
          .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      return null;
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      if (res.statusCode() != 200) {
        return null;
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("data:")) {
          JsonNode m = tree(line.substring(5).strip());
          if ("UP".equals(m.path("state").asText())) {
            return m;
          }
        }
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped watching");
      }
    }
    return null;
  }

  private boolean gone(String id) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/monitors/" + id)).timeout(Duration.ofSeconds(20))
          .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 404;
    } catch (IOException e) {
      return false;
    }
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body) throws Failure, InterruptedException {
    try {
      return http.send(req, body);
    } catch (IOException e) {
      throw new Failure(Ending.NO_VERDICT, "downcheck: lost the connection to " + server + " (" + Failure.reason(e) + ")");
    }
  }

  private static JsonNode tree(String json) {
    try {
      return Codec.mapper().readTree(json);
    } catch (IOException | RuntimeException e) {
      return Codec.mapper().createObjectNode();
    }
  }
}
