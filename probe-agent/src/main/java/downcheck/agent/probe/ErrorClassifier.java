package downcheck.agent.probe;

import downcheck.agent.resolve.DnsLookupException;
import downcheck.model.result.ErrorClass;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Puts every probe failure in exactly one {@link ErrorClass}. Plain Java: it looks at JDK
 * exception types and, for the types Netty and Vert.x wrap them in, at the message text they
 * carry (kernel errno strings such as "Connection refused"), so no Vert.x type is needed here.
 */
public final class ErrorClassifier {
  private ErrorClassifier() {}

  public static ErrorClass classify(Throwable failure, Phase phase) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      ErrorClass c = byType(t, phase);
      if (c != null) {
        return c;
      }
    }
    ErrorClass byText = byMessage(text(failure), phase);
    return byText != null ? byText : fallback(phase);
  }

  private static ErrorClass byType(Throwable t, Phase phase) {
    if (t instanceof DnsLookupException e) {
      return e.nxdomain() ? ErrorClass.DNS_NXDOMAIN : ErrorClass.DNS_FAILURE;
    }
    if (t instanceof UnknownHostException) {
      // the JDK resolver does not tell "no such name" from "resolver broken"; a missing name is the common case
      return ErrorClass.DNS_NXDOMAIN;
    }
    if (t instanceof SSLException || t instanceof CertificateException) {
      return ErrorClass.TLS_FAILURE;
    }
    if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
      return ErrorClass.NETWORK_UNREACHABLE;
    }
    if (t instanceof SocketTimeoutException || t instanceof TimeoutException || isNamedTimeout(t)) {
      return timeoutIn(phase);
    }
    if (t instanceof ConnectException) {
      ErrorClass c = byMessage(String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT), Phase.CONNECT);
      return c != null ? c : ErrorClass.CONNECT_REFUSED;
    }
    return null;
  }

  /** Vert.x and Netty timeouts (NoStackTraceTimeoutException, ConnectTimeoutException) are not JDK TimeoutExceptions. */
  private static boolean isNamedTimeout(Throwable t) {
    return t.getClass().getSimpleName().contains("TimeoutException");
  }

  private static ErrorClass byMessage(String m, Phase phase) {
    if (m.contains("refused")) {
      return ErrorClass.CONNECT_REFUSED;
    }
    if (m.contains("unreachable") || m.contains("no route to host")) {
      return ErrorClass.NETWORK_UNREACHABLE;
    }
    if (m.contains("timed out") || m.contains("timeout")) {
      return timeoutIn(phase);
    }
    if (m.contains("reset") || m.contains("closed") || m.contains("broken pipe") || m.contains("end of stream")
        || m.contains("eof")) {
      return phase == Phase.TLS ? ErrorClass.TLS_FAILURE : ErrorClass.CONNECTION_RESET;
    }
    if (m.contains("certificate") || m.contains("handshake") || m.contains("ssl") || m.contains("tls")) {
      return ErrorClass.TLS_FAILURE;
    }
    return null;
  }

  private static ErrorClass timeoutIn(Phase phase) {
    return switch (phase) {
      case DNS -> ErrorClass.DNS_FAILURE;
      case CONNECT -> ErrorClass.CONNECT_TIMEOUT;
      default -> ErrorClass.TIMEOUT;
    };
  }

  /** What is left when nothing names the cause: the phase says who failed us. */
  private static ErrorClass fallback(Phase phase) {
    return switch (phase) {
      case DNS -> ErrorClass.DNS_FAILURE;
      case CONNECT -> ErrorClass.NETWORK_UNREACHABLE;
      case TLS -> ErrorClass.TLS_FAILURE;
      case REQUEST, BODY -> ErrorClass.CONNECTION_RESET;
    };
  }

  private static String text(Throwable failure) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /** The raw message a person reads in the result: the deepest cause that says something. */
  public static String message(Throwable failure) {
    String m = failure.getMessage();
    for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null && (m == null || !m.contains(t.getMessage()))) {
        m = (m == null ? "" : m + ": ") + t.getMessage();
      }
    }
    return m == null ? failure.getClass().getSimpleName() : m;
  }
}
