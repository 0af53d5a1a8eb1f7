package downcheck.cli;

import downcheck.model.check.ClientView;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * This machine's own view of the target, sent with the check: can it reach it at all? It is
 * what lets the network answer "it's just you".
 */
final class LocalView {
  private LocalView() {}

  /** Null when there is nothing to say: a target the coordinator will reject anyway, or an interrupt. */
  static ClientView of(String raw, Duration budget) {
    try {
      Target t = Target.parse(raw, null);
      if (t.kind() == ProbeKind.PING || t.kind() == ProbeKind.TRACE) {
        return null; // ICMP needs a privilege this command does not ask for: no view of its own
      }
      if (t.kind() == ProbeKind.DNS) {
        InetAddress.getAllByName(t.host());
      } else if (t.kind() == ProbeKind.TCP) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(t.host(), t.port()), (int) budget.toMillis());
        }
      } else {
        HttpClient.newBuilder().connectTimeout(budget).followRedirects(HttpClient.Redirect.NORMAL).build()
            .send(HttpRequest.newBuilder(URI.create(t.normalized())).timeout(budget)
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
