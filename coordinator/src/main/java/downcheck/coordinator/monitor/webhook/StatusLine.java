package downcheck.coordinator.monitor.webhook;

import io.vertx.core.buffer.Buffer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a receiver's answer only as far as its final status line: interim {@code 1xx} heads are
 * skipped, everything after the final status (headers, body) is never looked at. At most
 * {@link #MAX_BYTES} are read in all, and only the current line is kept.
 */
final class StatusLine {
  static final int MAX_BYTES = 8192;
  private static final Pattern STATUS = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");

  private final StringBuilder line = new StringBuilder();
  private int read;
  private boolean inInterimHead;

  /** Bytes read so far. */
  int read() {
    return read;
  }

  /**
   * The final status, or -1 while more is needed.
   *
   * @throws IllegalStateException when the answer is not HTTP/1.x or has no status within {@link #MAX_BYTES}
   */
  int feed(Buffer chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      if (++read > MAX_BYTES) {
        throw new IllegalStateException("no status line within the first " + MAX_BYTES + " bytes");
      }
      byte b = chunk.getByte(i);
      if (b != '\n') {
        line.append((char) (b & 0xff));
        continue;
      }
      String text = line.toString().strip();
      line.setLength(0);
      if (inInterimHead) {
        inInterimHead = !text.isEmpty(); // an empty line ends the interim head
        continue;
      }
      int status = status(text);
      if (status >= 200) {
        return status;
      }
      inInterimHead = true; // 100 Continue, 103 Early Hints: its head, then the real answer
    }
    return -1;
  }

  private static int status(String text) {
    Matcher m = STATUS.matcher(text);
    if (!m.matches() || m.group(1).charAt(0) == '0') {
      String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
      throw new IllegalStateException("not an HTTP/1.x status line: '" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'");
    }
    return Integer.parseInt(m.group(1));
  }
}
