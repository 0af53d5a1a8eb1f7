package downcheck.cli;

import downcheck.model.check.ClientView;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.runtime.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code downcheck check TARGET}: asks the network, and says what this machine sees too, so
 * the answer can be "it's just you". Prints each region's result as it arrives, then the
 * verdict. Exit status: 0 up, 1 down somewhere, 3 inconclusive, 2 usage or server error.
 */
public final class CheckCommand {
  private CheckCommand() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args, System.getenv(), List.of("json", "no-local"));
    if (o.positional().isEmpty()) {
      System.err.println("usage: downcheck check TARGET [--server http://localhost:8080] [--regions a,b] [--timeout-ms N] [--no-local]");
      System.exit(2);
    }
    String server = o.get("server", "http://localhost:8080").replaceAll("/+$", "");
    String raw = o.positional().get(0);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("target", raw);
    if (o.has("regions")) {
      body.put("regions", o.list("regions", List.of()));
    }
    if (o.has("timeout-ms")) {
      body.put("timeoutMs", o.intValue("timeout-ms", 10_000));
    }
    if (!o.flag("no-local")) {
      body.put("client", localView(raw));
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/checks"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(Codec.toJson(body))).build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() / 100 != 2) {
      System.err.println("downcheck: " + res.statusCode() + " " + res.body());
      System.exit(2);
    }
    CheckView accepted = Codec.fromJson(res.body(), CheckView.class);
    System.out.println("checking " + accepted.target() + " from " + accepted.quorum().expected() + " regions...");
    CheckView fin = follow(http, server + "/api/v1/checks/" + accepted.id() + "/events");
    if (fin == null) {
      fin = Codec.fromJson(http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/checks/" + accepted.id())).build(),
          HttpResponse.BodyHandlers.ofString()).body(), CheckView.class);
    }
    System.out.println(fin.summary() + " [" + fin.verdict() + ", confidence " + Math.round(fin.confidence() * 100) + "%]");
    System.exit(fin.verdict() == Verdict.UP || fin.verdict() == Verdict.DEGRADED ? 0
        : fin.verdict() == Verdict.INCONCLUSIVE ? 3 : 1);
  }

  /** Follows the check's events, printing each region's result once, as soon as it is known. */
  private static CheckView follow(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    Set<String> printed = new HashSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      String event = null;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:") && "result".equals(event)) {
          print(Codec.fromJson(line.substring(5).strip(), ProbeResult.class), printed);
        } else if (line.startsWith("data:") && ("verdict".equals(event) || "final".equals(event))) {
          // a client that connects late gets the check, not the results one by one
          CheckView check = Codec.fromJson(line.substring(5).strip(), CheckView.class);
          check.regions().forEach(region -> region.results().forEach(p -> print(p, printed)));
          if ("final".equals(event)) {
            return check;
          }
        }
      }
    }
    return null;
  }

  private static void print(ProbeResult p, Set<String> printed) {
    if (!printed.add(p.agentId())) {
      return;
    }
    System.out.printf("  %-12s %-5s %-18s %s%n", p.region(), p.outcome(),
        p.errorClass() != null ? p.errorClass() : p.httpStatus() != null ? "HTTP " + p.httpStatus() : "",
        (p.timings().totalMs() == null ? "" : p.timings().totalMs() + " ms") + (p.impaired() ? " (agent impaired)" : ""));
  }

  /** This machine's own view of the target: can it reach it at all? */
  static ClientView localView(String raw) {
    try {
      Target t = Target.parse(raw, null);
      if (t.kind() == ProbeKind.DNS) {
        InetAddress.getAllByName(t.host());
      } else if (t.kind() == ProbeKind.TCP) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(t.host(), t.port()), 5000);
        }
      } else {
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL).build()
            .send(HttpRequest.newBuilder(URI.create(t.normalized())).timeout(Duration.ofSeconds(8))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      }
      return new ClientView(true, null);
    } catch (IllegalArgumentException e) {
      return null; // the coordinator will say what is wrong with the target
    } catch (IOException e) {
      return new ClientView(false, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
