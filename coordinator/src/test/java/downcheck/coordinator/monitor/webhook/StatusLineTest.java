package downcheck.coordinator.monitor.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A receiver's answer is read up to its final status line, and never further. */
class StatusLineTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "ok                      | HTTP/1.1 200 OK\\r\\n                                   | 200",
      "no reason phrase        | HTTP/1.1 204\\r\\n                                      | 204",
      "bare LF                 | HTTP/1.0 503 Busy\\n                                  | 503",
      "a redirect              | HTTP/1.1 307 Temporary Redirect\\r\\n                  | 307",
      "interim 100 then final  | HTTP/1.1 100 Continue\\r\\n\\r\\nHTTP/1.1 202 Accepted\\r\\n | 202",
      "early hints then final  | HTTP/1.1 103 Early Hints\\r\\nLink: </a>\\r\\n\\r\\nHTTP/1.1 200 OK\\r\\n | 200"})
  void theFinalStatusIsRead(String name, String answer, int status) {
    assertThat(new StatusLine().feed(Buffer.buffer(unescape(answer)))).isEqualTo(status);
  }

  @Test
  void nothingAfterTheStatusLineIsRead() {
    StatusLine line = new StatusLine();
    assertThat(line.feed(Buffer.buffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffff\r\n"))).isEqualTo(200);
    assertThat(line.read()).isEqualTo("HTTP/1.1 200 OK\r\n".length());
  }

  @Test
  void aStatusLineInPiecesIsReadWhenComplete() {
    StatusLine line = new StatusLine();
    assertThat(line.feed(Buffer.buffer("HTTP/1."))).isEqualTo(-1);
    assertThat(line.feed(Buffer.buffer("1 201 Cre"))).isEqualTo(-1);
    assertThat(line.feed(Buffer.buffer("ated\r\n"))).isEqualTo(201);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not HTTP          | SSH-2.0-OpenSSH_9.6\\r\\n",
      "HTTP/2 preface    | HTTP/2 200\\r\\n",
      "a status below 100| HTTP/1.1 042 Odd\\r\\n"})
  void anAnswerThatIsNotHttp1IsAFailure(String name, String answer) {
    assertThatThrownBy(() -> new StatusLine().feed(Buffer.buffer(unescape(answer))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not an HTTP/1.x status line");
  }

  @Test
  void aStatusLineThatNeverEndsIsCutAtTheLimit() {
    StatusLine line = new StatusLine();
    Buffer endless = Buffer.buffer("HTTP/1.1 200 " + "x".repeat(1000));
    assertThatThrownBy(() -> {
      for (int i = 0; i < 100; i++) {
        line.feed(endless);
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("within the first " + StatusLine.MAX_BYTES);
    assertThat(line.read()).isEqualTo(StatusLine.MAX_BYTES + 1);
  }

  @Test
  void endlessInterimHeadsAreCutAtTheLimit() {
    StatusLine line = new StatusLine();
    assertThatThrownBy(() -> {
      for (int i = 0; i < 1000; i++) {
        line.feed(Buffer.buffer("HTTP/1.1 100 Continue\r\n\r\n"));
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("within the first");
  }

  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n");
  }
}
