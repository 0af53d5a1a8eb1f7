package downcheck.agent.probe;

import downcheck.agent.resolve.DnsLookupException;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.result.ErrorClass;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorClassifierTest {
  /** Netty's timeout is no JDK TimeoutException; only its name says what it is. */
  static final class ConnectTimeoutException extends ConnectException {
    ConnectTimeoutException(String m) {
      super(m);
    }
  }

  /** Vert.x says "closed" with a type of its own. */
  static final class HttpClosedException extends RuntimeException {
    HttpClosedException(String m) {
      super(m);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nxdomain from our resolver", new DnsLookupException("no such name", true), Phase.DNS, ErrorClass.DNS_NXDOMAIN),
        Arguments.of("servfail from our resolver", new DnsLookupException("SERVFAIL", false), Phase.DNS, ErrorClass.DNS_FAILURE),
        Arguments.of("jdk unknown host", new UnknownHostException("nowhere.invalid"), Phase.DNS, ErrorClass.DNS_NXDOMAIN),
        Arguments.of("dns timeout", new TimeoutException("resolver silent"), Phase.DNS, ErrorClass.DNS_FAILURE),
        Arguments.of("refused", new ConnectException("Connection refused: /127.0.0.1:1"), Phase.CONNECT, ErrorClass.CONNECT_REFUSED),
        Arguments.of("netty connect timeout", new ConnectTimeoutException("connection timed out after 100 ms"), Phase.CONNECT, ErrorClass.CONNECT_TIMEOUT),
        Arguments.of("no route", new NoRouteToHostException("No route to host"), Phase.CONNECT, ErrorClass.NETWORK_UNREACHABLE),
        Arguments.of("network unreachable text", new SocketException("Network is unreachable"), Phase.CONNECT, ErrorClass.NETWORK_UNREACHABLE),
        Arguments.of("tls handshake", new SSLHandshakeException("PKIX path building failed"), Phase.TLS, ErrorClass.TLS_FAILURE),
        Arguments.of("expired cert wrapped", new RuntimeException("x", new CertificateExpiredException("NotAfter")), Phase.TLS, ErrorClass.TLS_FAILURE),
        Arguments.of("peer closed during tls", new IOException("Connection closed"), Phase.TLS, ErrorClass.TLS_FAILURE),
        Arguments.of("reset while waiting", new IOException("Connection reset by peer"), Phase.REQUEST, ErrorClass.CONNECTION_RESET),
        Arguments.of("vertx closed", new HttpClosedException("Connection was closed"), Phase.REQUEST, ErrorClass.CONNECTION_RESET),
        Arguments.of("read timeout", new SocketTimeoutException("Read timed out"), Phase.REQUEST, ErrorClass.TIMEOUT),
        Arguments.of("body timeout", new TimeoutException("idle"), Phase.BODY, ErrorClass.TIMEOUT),
        Arguments.of("unknown while reading", new IllegalStateException("?"), Phase.BODY, ErrorClass.CONNECTION_RESET),
        Arguments.of("unknown while connecting", new IllegalStateException("?"), Phase.CONNECT, ErrorClass.NETWORK_UNREACHABLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyFailureLandsInOneClass(String name, Throwable failure, Phase phase, ErrorClass expected) {
    assertThat(ErrorClassifier.classify(failure, phase)).isEqualTo(expected);
  }
}
