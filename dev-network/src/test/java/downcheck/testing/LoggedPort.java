package downcheck.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The port a child process bound itself (given port 0) and named in its log: a port found free
 * here and handed over could be taken by another process in between. Each pattern ends past the
 * port (a space, or the line's end), so a line still being written never gives half a number.
 */
public final class LoggedPort {
  /** The coordinator's line: {@code coordinator a listening on http://127.0.0.1:PORT (...)}. */
  public static final Pattern COORDINATOR = Pattern.compile("coordinator \\S+ listening on http://[^ ]+:(\\d+) ");
  /** The agent's line: {@code agent ID serves /health, /ready and /metrics on port PORT}. */
  public static final Pattern AGENT_OPS = Pattern.compile("serves /health, /ready and /metrics on port (\\d+)\\R");
  /** {@code downcheck dev}'s line: {@code downcheck dev ready in N ms: http://localhost:PORT with ...}. */
  public static final Pattern DEV_HTTP = Pattern.compile("downcheck dev ready in \\d+ ms: http://[^ ]+:(\\d+) ");
  /** {@code downcheck dev}'s line: {@code ..., Kafka at HOST:PORT}. */
  public static final Pattern DEV_KAFKA = Pattern.compile("downcheck dev ready in .*, Kafka at [^ ]+:(\\d+)\\R");

  private LoggedPort() {}

  /** Waits until {@code log} has a line matching {@code pattern}; fails at once if the process ends. */
  public static int await(Process process, Path log, Pattern pattern, Duration within) {
    AtomicInteger port = new AtomicInteger();
    Awaitility.await(pattern.pattern()).atMost(within).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          Matcher m = pattern.matcher(Files.exists(log) ? read(log) : "");
          if (m.find()) {
            port.set(Integer.parseInt(m.group(1)));
            return true;
          }
          if (!process.isAlive()) {
            throw new AssertionError("exited with " + process.exitValue() + " before logging its port: " + read(log));
          }
          return false;
        });
    return port.get();
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log);
  }
}
