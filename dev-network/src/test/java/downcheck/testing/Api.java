package downcheck.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.verdict.CheckView;
import downcheck.model.wire.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator's HTTP API as a user's client sees it: real HTTP, JSON in and out; every answer
 * is held against the API's contract ({@link Contract}).
 */
public final class Api {
  private final String base;
  private final boolean contract;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A coordinator's API: every answer is held against the contract. */
  public Api(String base) {
    this(base, true);
  }

  private Api(String base, boolean contract) {
    this.base = base;
    this.contract = contract;
    if (contract) {
      Contract.get(); // loaded with the network, not in the middle of a test's first request
    }
  }

  /** Another server's HTTP endpoints (an agent's operations port): not the coordinator's API, so not its contract. */
  public static Api notCoordinator(String base) {
    return new Api(base, false);
  }

  public String base() {
    return base;
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      req.headers(headers);
    }
    return send(req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> delete(String path, String... headers) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      req.headers(headers);
    }
    return send(req.DELETE().build());
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      req.headers(headers);
    }
    return send(req.GET().build());
  }

  public HttpResponse<String> put(String path, String body, String... headers) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      req.headers(headers);
    }
    return send(req.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** Submits a check and returns it as accepted (202). */
  public CheckView submit(String body) {
    HttpResponse<String> res = post("/api/v1/checks", body);
    if (res.statusCode() != 202) {
      throw new AssertionError("expected 202, got " + res.statusCode() + ": " + res.body());
    }
    return Codec.fromJson(res.body(), CheckView.class);
  }

  public CheckView check(String id) {
    HttpResponse<String> res = get("/api/v1/checks/" + id);
    if (res.statusCode() != 200) {
      throw new AssertionError("expected 200, got " + res.statusCode() + ": " + res.body());
    }
    return Codec.fromJson(res.body(), CheckView.class);
  }

  /** Polls the check until it is final, within the given time. */
  public CheckView awaitFinal(String id, Duration within) {
    CheckView[] last = new CheckView[1];
    await("check " + id + " final").atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
      last[0] = check(id);
      return last[0].isFinal();
    });
    return last[0];
  }

  public List<String> agentIds() {
    List<String> ids = new ArrayList<>();
    for (JsonNode a : json(get("/api/v1/agents").body())) {
      ids.add(a.get("agentId").asText());
    }
    return ids;
  }

  public List<String> regionNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode r : json(get("/api/v1/regions").body())) {
      names.add(r.get("region").asText());
    }
    return names;
  }

  public static JsonNode json(String body) {
    try {
      return Codec.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(HttpRequest req) {
    try {
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      return contract ? Contract.check(res) : res;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
