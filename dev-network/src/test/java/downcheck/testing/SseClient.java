package downcheck.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events reader over real HTTP: events land in a queue as they arrive. The answer,
 * and each event as the test takes it, is held against the API's contract ({@link Contract}).
 */
public final class SseClient implements AutoCloseable {
  /** One event: its name and data. {@code name = "<end>"} marks the end of the stream. */
  public record Event(String name, String data) {}

  /** One comment line ({@code : text}), and when it was read. */
  public record Comment(String text, long receivedNanos) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<Comment> comments = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile InputStream body;
  private final int status;
  private final String path;

  public SseClient(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    this.status = res.statusCode();
    this.path = res.request().uri().getRawPath();
    boolean stream = res.statusCode() == 200
        && res.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
    // a refusal is a small problem+json: read whole, held against the contract, and no events follow
    String refusal = stream ? "" : new String(res.body().readNBytes(64 * 1024), StandardCharsets.UTF_8);
    Contract.get().checkResponse("GET", res.request().uri(), status, name -> res.headers().firstValue(name), refusal);
    if (!stream) {
      res.body().close();
    }
    this.body = stream ? res.body() : InputStream.nullInputStream();
    this.reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public int status() {
    return status;
  }

  /** The next event, waiting at most {@code timeout}; fails when none comes. */
  public Event next(Duration timeout) throws InterruptedException {
    Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) {
      throw new AssertionError("no SSE event within " + timeout);
    }
    return checked(e);
  }

  /** The next comment line, waiting at most {@code timeout}; fails when none comes. */
  public Comment nextComment(Duration timeout) throws InterruptedException {
    Comment c = comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new AssertionError("no SSE comment within " + timeout);
    }
    return c;
  }

  /** Every event up to the end of the stream, waiting at most {@code timeout} in all. */
  public List<Event> untilEnd(Duration timeout) throws InterruptedException {
    List<Event> out = new ArrayList<>();
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event e = events.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("stream did not end within " + timeout + "; got " + out);
      }
      if (e.name().equals("<end>")) {
        return out;
      }
      out.add(checked(e));
    }
  }

  /** The event, its data valid by the schema its stream's contract gives that event's name. */
  private Event checked(Event e) {
    if (!e.name().equals("<end>")) {
      Contract.get().checkEvent(path, e.name(), e.data());
    }
    return e;
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String name = "message";
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(name, data.toString()));
          }
          name = "message";
          data.setLength(0);
        } else if (line.startsWith(":")) {
          comments.add(new Comment(line.substring(1).strip(), System.nanoTime()));
        } else if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(5).strip());
        }
      }
    } catch (IOException e) {
      // the stream was closed
    }
    events.add(new Event("<end>", ""));
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
