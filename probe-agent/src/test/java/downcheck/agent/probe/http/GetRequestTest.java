package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GetRequestTest {
  @Test
  void requestIsAnHttp11GetThatClosesTheConnection() {
    String request = new String(GetRequest.encode("/a?b=c", "example.com", "downcheck-agent/1"),
        StandardCharsets.ISO_8859_1);
    assertThat(request).isEqualTo("GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nUser-Agent: downcheck-agent/1\r\n"
        + "Accept: */*\r\nConnection: close\r\n\r\n");
  }

  static Stream<Arguments> injections() {
    return Stream.of(
        arguments("path without slash", "a", "example.com"),
        arguments("space in path", "/a b", "example.com"),
        arguments("CRLF in path", "/a\r\nX: y", "example.com"),
        arguments("CRLF in host", "/", "example.com\r\nX: y"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injections")
  void headerInjectionIsRefused(String name, String path, String host) {
    assertThatThrownBy(() -> GetRequest.encode(path, host, "ua")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}:{1} https={2} -> {3}")
  @CsvSource({
      "example.com, 443, true, example.com",
      "example.com, 80, false, example.com",
      "example.com, 443, false, example.com:443",
      "example.com, 8443, true, example.com:8443",
      "::1, 8080, false, '[::1]:8080'",
  })
  void hostHeaderOmitsTheDefaultPortAndBracketsIpv6(String host, int port, boolean https, String expected) {
    assertThat(GetRequest.hostHeader(host, port, https)).isEqualTo(expected);
  }
}
