package downcheck.agent.probe.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads one HTTP/1.x response to a GET from bytes as they arrive (RFC 9112), strictly and
 * within fixed bounds, so a hostile or broken server costs a probe at most {@link #HEAD_LIMIT}
 * bytes of head ({@link #heldBytes()} says how much it holds) and the reading of at most
 * {@code bodyLimit} bytes of body, which it keeps none of: body bytes go to a {@link BodySink} as
 * they arrive. Plain Java, no I/O: the caller feeds what the socket delivers and calls
 * {@link #finish()} when the peer closes.
 *
 * <p>Strict: the status line must be {@code HTTP/1.0} or {@code HTTP/1.1} with a status in
 * 100..599; field names are tokens with the colon right after them; control characters, bare CR
 * and malformed framing are errors ({@link MalformedResponseException}). Lenient only where RFC
 * 9112 tells a recipient to be: a bare LF ends a line, an obs-fold continues the field value.
 *
 * <p>Interim 1xx responses are skipped. Body framing: 204 and 304 have none; a final
 * {@code chunked} Transfer-Encoding is decoded (extensions and trailers ignored); another
 * Transfer-Encoding or no length reads until the peer closes; otherwise Content-Length, whose
 * values must agree. The parser is done when the body ends or {@code bodyLimit} bytes of it
 * are kept, whichever is first; the rest is not the probe's to download.
 */
final class ResponseParser {
  /** Status line and fields, interim responses included. Browsers allow more; servers rarely need 8 KiB. */
  static final int HEAD_LIMIT = 64 * 1024;
  static final int MAX_FIELDS = 256;
  static final int MAX_INTERIM = 8;
  private static final int CHUNK_LINE_LIMIT = 4096;
  private static final int MAX_CHUNK_SIZE_DIGITS = 15; // < 2^60: no overflow in a long

  /** Where body bytes go as they arrive (a {@link BodySearch}); the parser keeps none of them. */
  @FunctionalInterface
  interface BodySink {
    BodySink NONE = (data, offset, length) -> { };

    void accept(byte[] data, int offset, int length);
  }

  private enum State { STATUS_LINE, FIELDS, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, UNTIL_CLOSE, DONE }

  private final int bodyLimit;
  private final BodySink sink;
  private final Predicate<ResponseHead> wantsBody;
  private ByteArrayOutputStream line = new ByteArrayOutputStream(128);
  private State state = State.STATUS_LINE;
  private boolean lineHasCr;
  private int headBytes;
  private int interim;
  private String version;
  private int status;
  private String reason;
  private final List<ResponseHead.Field> fields = new ArrayList<>();
  private ResponseHead head;
  private long left; // bytes left of a Content-Length body or of the current chunk
  private boolean truncated;
  private long received;
  private long bodyRead;

  /**
   * @param bodyLimit the most body bytes read; reading stops there
   * @param sink      gets the body bytes read, as they arrive ({@link BodySink#NONE} when nobody
   *                  looks at them): a probe in flight keeps no page (forty probes of 1 MiB pages
   *                  would fill an agent's heap)
   * @param wantsBody asked once the final head is read: false ends the response there (a redirect
   *                  to follow needs no body)
   */
  ResponseParser(int bodyLimit, BodySink sink, Predicate<ResponseHead> wantsBody) {
    this.bodyLimit = bodyLimit;
    this.sink = sink;
    this.wantsBody = wantsBody;
  }

  /** Feeds bytes from the peer; true once the response is complete (as far as the probe reads it). */
  boolean feed(byte[] data) throws MalformedResponseException {
    return feed(data, 0, data.length);
  }

  boolean feed(byte[] data, int offset, int length) throws MalformedResponseException {
    received += length;
    int i = offset;
    int end = offset + length;
    while (i < end && state != State.DONE) {
      switch (state) {
        case FIXED, CHUNK_DATA, UNTIL_CLOSE -> i = bodyBytes(data, i, end);
        default -> i = lineBytes(data, i, end);
      }
    }
    return state == State.DONE;
  }

  /**
   * The peer closed the connection. True if that completed the response (a body delimited by
   * the close, or one already complete); false if it was cut short.
   */
  boolean finish() {
    if (state == State.UNTIL_CLOSE) {
      state = State.DONE;
    }
    return state == State.DONE;
  }

  boolean done() {
    return state == State.DONE;
  }

  /** The final response's head, or null until it is read. */
  ResponseHead head() {
    return head;
  }

  /** Body bytes read (and handed to the sink) so far, at most bodyLimit. */
  long bodyRead() {
    return bodyRead;
  }

  /**
   * Heap bytes this parser holds now, for the probes' memory budget: while the head arrives its
   * current line (a buffer up to twice the line, as it doubles) and the fields read; after it, the
   * fields.
   */
  long heldBytes() {
    return 256 + (head == null ? 3L : 1L) * headBytes;
  }

  /** Reading stopped at bodyLimit with more body (possibly) to come. */
  boolean truncated() {
    return truncated;
  }

  /** Bytes fed so far, for messages. */
  long received() {
    return received;
  }

  /** Where a response was cut short, for the message of a premature close. */
  String where() {
    return switch (state) {
      case STATUS_LINE -> received == 0 ? "before any response" : "in the status line";
      case FIELDS -> "in the response header";
      case FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END -> "in the response body";
      case UNTIL_CLOSE, DONE -> "after the response";
    };
  }

  // ---- lines: status line, fields, chunk sizes and chunk ends

  private int lineBytes(byte[] data, int i, int end) throws MalformedResponseException {
    boolean inHead = state == State.STATUS_LINE || state == State.FIELDS;
    while (i < end) {
      byte b = data[i++];
      if (inHead && ++headBytes > HEAD_LIMIT) {
        throw new MalformedResponseException("response header larger than " + HEAD_LIMIT + " bytes");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        line.reset();
        lineHasCr = false;
        onLine(bytes);
        return i;
      }
      if (lineHasCr) {
        throw new MalformedResponseException("bare CR in the " + (inHead ? "response header" : "chunk framing"));
      }
      if (b == '\r') {
        lineHasCr = true; // only as part of CRLF
      } else {
        line.write(b);
      }
      if (!inHead && line.size() > CHUNK_LINE_LIMIT) {
        throw new MalformedResponseException("chunk size line longer than " + CHUNK_LINE_LIMIT + " bytes");
      }
    }
    return i;
  }

  private void onLine(byte[] bytes) throws MalformedResponseException {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    switch (state) {
      case STATUS_LINE -> statusLine(text);
      case FIELDS -> fieldLine(text);
      case CHUNK_SIZE -> chunkSize(text);
      case CHUNK_END -> {
        if (!text.isEmpty()) {
          throw new MalformedResponseException("chunk data longer than its size");
        }
        state = State.CHUNK_SIZE;
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void statusLine(String text) throws MalformedResponseException {
    // HTTP-version SP 3DIGIT [SP reason-phrase]
    if (text.length() < 12 || !(text.startsWith("HTTP/1.1 ") || text.startsWith("HTTP/1.0 "))) {
      throw new MalformedResponseException("not an HTTP/1.x status line: '" + quote(text) + "'");
    }
    String code = text.substring(9, 12);
    if (!code.chars().allMatch(c -> c >= '0' && c <= '9') || (text.length() > 12 && text.charAt(12) != ' ')) {
      throw new MalformedResponseException("bad status code in '" + quote(text) + "'");
    }
    int s = Integer.parseInt(code);
    if (s < 100 || s > 599) {
      throw new MalformedResponseException("status " + s + " is outside 100..599");
    }
    String why = text.length() > 13 ? text.substring(13) : "";
    if (hasControl(why)) {
      throw new MalformedResponseException("control character in the reason phrase");
    }
    version = text.substring(0, 8);
    status = s;
    reason = why;
    fields.clear();
    state = State.FIELDS;
  }

  private void fieldLine(String text) throws MalformedResponseException {
    if (text.isEmpty()) {
      endOfHead();
      return;
    }
    if (text.charAt(0) == ' ' || text.charAt(0) == '\t') {
      // obs-fold: RFC 9112 5.2 has a user agent replace it with a space
      if (fields.isEmpty()) {
        throw new MalformedResponseException("header continuation line before any field");
      }
      ResponseHead.Field last = fields.remove(fields.size() - 1);
      fields.add(new ResponseHead.Field(last.name(), (last.value() + " " + value(text)).strip()));
      return;
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || !isToken(text, colon)) {
      throw new MalformedResponseException("bad header field: '" + quote(text) + "'");
    }
    if (fields.size() >= MAX_FIELDS) {
      throw new MalformedResponseException("more than " + MAX_FIELDS + " header fields");
    }
    fields.add(new ResponseHead.Field(text.substring(0, colon), value(text.substring(colon + 1))));
  }

  private static String value(String raw) throws MalformedResponseException {
    String v = raw.strip();
    if (hasControl(v)) {
      throw new MalformedResponseException("control character in a header value");
    }
    return v;
  }

  private void endOfHead() throws MalformedResponseException {
    if (status == 101) {
      throw new MalformedResponseException("101 Switching Protocols to a request that asked for no upgrade");
    }
    if (status < 200) { // 100 Continue, 103 Early Hints: the real answer follows
      if (++interim > MAX_INTERIM) {
        throw new MalformedResponseException("more than " + MAX_INTERIM + " interim 1xx responses");
      }
      state = State.STATUS_LINE;
      return;
    }
    head = new ResponseHead(version, status, reason, fields);
    line = new ByteArrayOutputStream(128); // a long header line's buffer is not kept for the chunk lines
    if (!wantsBody.test(head) || status == 204 || status == 304) {
      state = State.DONE;
      return;
    }
    List<String> codings = head.tokens("Transfer-Encoding");
    if (!codings.isEmpty()) {
      // RFC 9112 6.3: Transfer-Encoding overrides Content-Length; only a final chunked frames the body
      state = codings.get(codings.size() - 1).equals("chunked") ? State.CHUNK_SIZE : State.UNTIL_CLOSE;
      return;
    }
    List<String> lengths = head.tokens("Content-Length");
    if (lengths.isEmpty()) {
      state = State.UNTIL_CLOSE;
      return;
    }
    String first = lengths.get(0);
    if (!lengths.stream().allMatch(first::equals)) {
      throw new MalformedResponseException("conflicting Content-Length values " + lengths);
    }
    if (first.length() > 18 || !first.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedResponseException("bad Content-Length '" + quote(first) + "'");
    }
    left = Long.parseLong(first);
    state = left == 0 ? State.DONE : State.FIXED;
  }

  private void chunkSize(String text) throws MalformedResponseException {
    int digits = 0;
    while (digits < text.length() && Character.digit(text.charAt(digits), 16) >= 0) {
      digits++;
    }
    String rest = text.substring(digits).stripLeading();
    if (digits == 0 || (!rest.isEmpty() && rest.charAt(0) != ';')) {
      throw new MalformedResponseException("bad chunk size line '" + quote(text) + "'");
    }
    if (digits > MAX_CHUNK_SIZE_DIGITS) {
      throw new MalformedResponseException("chunk size " + text.substring(0, digits) + " too large");
    }
    left = Long.parseLong(text.substring(0, digits), 16);
    // the last chunk ends the body; its trailer fields are not ours to read
    state = left == 0 ? State.DONE : State.CHUNK_DATA;
  }

  // ---- body bytes

  private int bodyBytes(byte[] data, int i, int end) {
    int n = end - i;
    if (state != State.UNTIL_CLOSE) {
      n = (int) Math.min(n, left);
      left -= n;
    }
    long room = bodyLimit - bodyRead;
    int take = (int) Math.min(n, room);
    bodyRead += take;
    sink.accept(data, i, take);
    boolean bodyEnded = state == State.FIXED && left == 0;
    if (n >= room && !bodyEnded) {
      truncated = true;
      state = State.DONE;
    } else if (bodyEnded) {
      state = State.DONE;
    } else if (state == State.CHUNK_DATA && left == 0) {
      state = State.CHUNK_END;
    }
    return i + n;
  }

  // ---- characters

  private static boolean isToken(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** CTLs other than HTAB, and DEL. obs-text (0x80..0xFF) is allowed. */
  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** A bad line as a person can read it in a result: bounded, control characters escaped. */
  private static String quote(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 80; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return s.length() > 80 ? sb + "..." : sb.toString();
  }
}
