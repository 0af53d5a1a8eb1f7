package downcheck.agent.probe.http;

import downcheck.agent.probe.ErrorClassifier;
import downcheck.agent.probe.Phase;
import downcheck.agent.probe.ProbeMemory;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.dial.AddressOrder;
import downcheck.agent.probe.dial.HappyEyeballs;
import downcheck.model.check.HostLiteral;
import downcheck.agent.resolve.Resolver;
import downcheck.model.check.AddressPolicy;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.AddressTry;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Timings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP probe: resolve, judge, open TCP to one of the judged addresses as a browser does
 * ({@link HappyEyeballs}), upgrade to TLS for https (SNI and hostname verification keep the name;
 * ALPN offers h2 and http/1.1), send the check's request ({@link RequestWriter}), read the answer
 * with a bounded {@link ResponseParser} (HTTP/1.1) or {@link Http2Exchange} (h2), follow redirects
 * hop by hop, judge the final answer by the check's {@link Expectations}. Each phase is timed on
 * its own. Everything runs on one Vert.x context, so its fields need no locking. The deadline is the
 * spec's timeout for the whole run, redirects included; where it finds the run decides the class.
 * What the run holds is leased from the agent's {@link ProbeMemory}: past the budget the run ends
 * as ERROR, the agent's own limit (docs/probes.md, "Limits").
 */
final class HttpRun {
  /** The most of a body we read (searched as it arrives; kept only up to {@link Expectations#KEPT_LIMIT}). */
  static final int BODY_LIMIT = 1 << 20;
  /**
   * What a run holds besides its parser and search, as charged to the budget: the run, its
   * socket, channel and pipeline, futures and timers (measured: a few KiB).
   */
  static final long BASE_BYTES = 8 * 1024;
  /** What a TLS connection adds: the engine, its session and handshake state, the certificate chain. */
  static final long TLS_BYTES = 24 * 1024;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  private final Vertx vertx;
  private final HappyEyeballs dialler;
  private final TlsClient tls;
  private final ProbeSettings settings;
  private final Resolver resolver;
  private final AddressPolicy policy;
  private final Clock clock;
  private final ProbeSpec spec;
  private final ProbeMemory.Lease lease;
  private final Promise<ProbeOutcome> result = Promise.promise();
  private final long started = System.nanoTime();

  private long deadlineTimer = -1;
  private boolean done;
  private int redirects;
  private Phase phase = Phase.DNS;
  private NetSocket socket;
  private HappyEyeballs.Dial dial;
  private Http2Exchange exchange;
  private ResponseParser parser;
  private RequestWriter writer;
  private Expectations expectations;
  private Expectations.Body body;
  private boolean tlsHeld;
  // what the current hop has seen
  private Target target;
  private Long dnsMs;
  private Long connectMs;
  private Long tlsMs;
  private Long firstByteMs;
  private long requestSent;
  private String address;
  private Integer certDaysLeft;
  private List<AddressTry> tried = List.of();
  private String httpVersion;

  HttpRun(Vertx vertx, HappyEyeballs dialler, TlsClient tls, ProbeSettings settings, Resolver resolver,
      AddressPolicy policy, Clock clock, ProbeSpec spec, ProbeMemory memory) {
    this.vertx = vertx;
    this.dialler = dialler;
    this.tls = tls;
    this.settings = settings;
    this.resolver = resolver;
    this.policy = policy;
    this.clock = clock;
    this.spec = spec;
    this.lease = memory.lease();
  }

  Future<ProbeOutcome> start() {
    vertx.getOrCreateContext().runOnContext(v -> {
      deadlineTimer = vertx.setTimer(Math.max(1, spec.timeout().toMillis()), id -> onDeadline());
      target = spec.target();
      try {
        writer = new RequestWriter(spec.options().request(), settings.userAgent());
        expectations = new Expectations(spec.expect());
      } catch (IllegalArgumentException e) {
        fail(e);
        return;
      }
      if (charged()) {
        hop(spec.target());
      }
    });
    return result.future();
  }

  private void hop(Target next) {
    target = next;
    dnsMs = connectMs = tlsMs = firstByteMs = null;
    address = null;
    certDaysLeft = null;
    tried = List.of();
    httpVersion = null;
    phase = Phase.DNS;
    long t0 = System.nanoTime();
    Optional<String> named = policy.refusal(next.host());
    if (named.isPresent()) {
      refused("refused by policy: " + named.get());
      return;
    }
    resolver.addressesOf(next.host()).onComplete(ar -> {
      if (done) {
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      dnsMs = msSince(t0);
      Integer ipVersion = spec.options().ipVersion();
      List<InetAddress> family = AddressOrder.ofFamily(ar.result(), ipVersion);
      if (family.isEmpty()) {
        finish(down(ErrorClass.DNS_FAILURE, null, null, next.host() + " has no "
            + AddressOrder.familyName(ipVersion) + " address (ipVersion " + ipVersion + ")"));
        return;
      }
      Optional<String> refusal = policy.refusal(next.host(), family);
      if (refusal.isPresent()) {
        refused("refused by policy: " + refusal.get());
        return;
      }
      connect(AddressOrder.of(family, ipVersion));
    });
  }

  private void connect(List<InetAddress> addresses) {
    phase = Phase.CONNECT;
    dial = dialler.dial(addresses, this::remoteAddress, remainingMs());
    dial.future().onComplete(ar -> {
      if (done) {
        if (ar.succeeded()) {
          ar.result().socket().close(); // connected after the deadline: no longer ours
        }
        return;
      }
      dial = null;
      if (ar.failed()) {
        if (ar.cause() instanceof HappyEyeballs.DialFailedException f) {
          tried = f.tried();
          address = tried.get(tried.size() - 1).address(); // connectMs stays null: no connect completed
        }
        fail(ar.cause());
        return;
      }
      HappyEyeballs.Connected connected = ar.result();
      tried = connected.tried();
      address = connected.address();
      connectMs = connected.connectMs();
      socket = connected.socket();
      socket.exceptionHandler(this::fail);
      if (isHttps()) {
        handshake();
      } else {
        send();
      }
    });
  }

  /**
   * The judged address, carrying the name: the connection goes to the address (no second
   * lookup), while the TLS engine takes the name as its peer, so the JDK sends it as SNI and
   * verifies the certificate against it. A numeric host stays numeric (no SNI, IP check), as in a
   * browser.
   */
  private SocketAddress remoteAddress(InetAddress ip) {
    String peer = HostLiteral.parse(target.host()).isPresent() ? ip.getHostAddress() : target.host();
    try {
      return SocketAddress.inetSocketAddress(
          new InetSocketAddress(InetAddress.getByAddress(peer, ip.getAddress()), target.port()));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of a resolved name has a bad length: " + ip, e);
    }
  }

  private void handshake() {
    phase = Phase.TLS;
    tlsHeld = true;
    if (!charged()) {
      return;
    }
    long t0 = System.nanoTime();
    String peer = HostLiteral.parse(target.host()).isPresent() ? address : target.host();
    tls.handshake(vertx, socket, peer, target.port()).onComplete(ar -> {
      if (done) {
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      tlsMs = msSince(t0);
      certDaysLeft = daysLeft(socket);
      if ("h2".equals(ar.result())) {
        sendOverHttp2();
      } else {
        send();
      }
    });
  }

  private void send() {
    phase = Phase.REQUEST;
    httpVersion = "1.1";
    body = expectations.body();
    parser = new ResponseParser(BODY_LIMIT, body.looked() ? body::feed : ResponseParser.BodySink.NONE,
        head -> writer.answerHasBody() && redirectTarget(head).isEmpty());
    if (!charged()) {
      return;
    }
    socket.handler(this::onData);
    socket.endHandler(v -> onEnd());
    URI uri = URI.create(target.normalized());
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    byte[] request;
    try {
      request = writer.http1(path, RequestWriter.hostHeader(target.host(), target.port(), isHttps()));
    } catch (IllegalArgumentException e) {
      fail(e);
      return;
    }
    requestSent = System.nanoTime();
    socket.write(Buffer.buffer(request)).onFailure(this::fail);
  }

  /** The server chose h2: the same request as one HTTP/2 stream, the answer judged as an HTTP/1.1 one is. */
  private void sendOverHttp2() {
    phase = Phase.REQUEST;
    httpVersion = "2";
    body = expectations.body();
    if (!charged()) {
      return;
    }
    byte[] payload = writer.body();
    Http2Exchange.Request request = new Http2Exchange.Request(writer.method(),
        RequestWriter.hostHeader(target.host(), target.port(), true), pathOf(target),
        Http2Exchange.fields(writer.fields()),
        payload.length == 0 ? null : payload);
    requestSent = System.nanoTime();
    exchange = Http2Exchange.start(vertx, socket, request, BODY_LIMIT,
        body.looked() ? body::feed : ResponseParser.BodySink.NONE,
        head -> writer.answerHasBody() && redirectTarget(head).isEmpty(),
        new Http2Exchange.Listener() {
          @Override
          public void firstHeaders() {
            if (!done && firstByteMs == null) {
              firstByteMs = msSince(requestSent);
            }
          }

          @Override
          public void head(ResponseHead head) {
            phase = Phase.BODY;
          }

          @Override
          public void complete(ResponseHead head) {
            if (!done) {
              answered(head);
            }
          }

          @Override
          public void failed(Throwable failure) {
            if (failure instanceof MalformedResponseException e) {
              finish(down(ErrorClass.UNEXPECTED_STATUS, null, null, "malformed response: " + e.getMessage()));
            } else {
              fail(failure);
            }
          }
        });
  }

  private static String pathOf(Target target) {
    URI uri = URI.create(target.normalized());
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private void onData(Buffer chunk) {
    if (done) {
      return;
    }
    if (firstByteMs == null) {
      firstByteMs = msSince(requestSent);
    }
    boolean complete;
    try {
      int length = chunk.length();
      byte[] bytes = scratch(length);
      chunk.getBytes(0, length, bytes, 0);
      complete = parser.feed(bytes, 0, length);
    } catch (MalformedResponseException e) {
      finish(down(ErrorClass.UNEXPECTED_STATUS, null, null, "malformed response: " + e.getMessage()));
      return;
    }
    if (!charged()) {
      return;
    }
    if (parser.head() != null) {
      phase = Phase.BODY;
    }
    if (complete) {
      answered(parser.head());
    }
  }

  /**
   * Grows the run's lease to what it holds now; past the agent's budget the run ends as ERROR (the
   * agent's own limit: never evidence against the target) and false is returned.
   */
  private boolean charged() {
    long wanted = BASE_BYTES + (tlsHeld ? TLS_BYTES : 0) + ("2".equals(httpVersion) ? Http2Exchange.CODEC_BYTES : 0)
        + (body == null ? 0 : body.footprint())
        + (parser == null ? 0 : parser.heldBytes());
    if (lease.growTo(wanted)) {
      return true;
    }
    error(lease.refusal(wanted));
    return false;
  }

  /**
   * A loop's buffer for what the peer sent: the parser copies only what it keeps (the head's lines;
   * a body is searched in place), so a page read leaves no garbage of its size behind.
   */
  private static byte[] scratch(int length) {
    byte[] bytes = SCRATCH.get();
    if (bytes.length < length) {
      bytes = new byte[length];
      SCRATCH.set(bytes);
    }
    return bytes;
  }

  /** The peer closed: that ends a close-delimited body, or cuts the answer short. */
  private void onEnd() {
    if (done) {
      return;
    }
    if (parser.finish()) {
      answered(parser.head());
      return;
    }
    finish(down(ErrorClass.CONNECTION_RESET, null, null,
        "connection closed " + parser.where() + " (" + parser.received() + " bytes received)"));
  }

  private void answered(ResponseHead head) {
    Optional<Target> next = redirectTarget(head);
    if (next.isPresent()) {
      if (redirects >= settings.maxRedirects()) {
        finish(down(ErrorClass.UNEXPECTED_STATUS, head, head.header("Retry-After"),
            "too many redirects: more than " + settings.maxRedirects()));
        return;
      }
      redirects++;
      writer = writer.redirected(head.status(), sameOrigin(next.get()));
      closeSocket();
      exchange = null;
      hop(next.get());
      return;
    }
    judge(head);
  }

  /** Where a 3xx sends us, unless redirects are off or the check expects this very status. */
  private Optional<Target> redirectTarget(ResponseHead head) {
    int status = head.status();
    String location = head.header("Location");
    boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (!redirect || location == null || settings.maxRedirects() <= 0 || spec.expect().status().contains(status)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Target.parse(URI.create(target.normalized()).resolve(location.strip()).toString(),
          ProbeKind.HTTP));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // an unusable Location: judge the 3xx itself
    }
  }

  private void judge(ResponseHead head) {
    String retryAfter = head.header("Retry-After");
    Optional<Expectations.Failure> failure = expectations.judge(head.status(), head.reason(), head.fields(), body);
    if (failure.isPresent()) {
      finish(down(failure.get().errorClass(), head, retryAfter, failure.get().message()));
      return;
    }
    finish(answered(ProbeOutcome.up(timings(), address), head.status(), retryAfter));
  }

  private long bodyRead() {
    return exchange != null ? exchange.bodyRead() : parser.bodyRead();
  }

  private ProbeOutcome down(ErrorClass errorClass, ResponseHead head, String retryAfter, String message) {
    return answered(ProbeOutcome.down(errorClass, timings(), address, message), head == null ? null : head.status(),
        retryAfter);
  }

  /** What every judged HTTP outcome carries; status and Retry-After stay null when no response came. */
  private ProbeOutcome answered(ProbeOutcome outcome, Integer status, String retryAfter) {
    return outcome.withHttpStatus(status)
        .withFinalUrl(target.normalized())
        .withCertDaysLeft(certDaysLeft)
        .withRetryAfter(retryAfter)
        .withHttpVersion(httpVersion)
        .withAddressesTried(tried);
  }

  private void fail(Throwable failure) {
    if (done) {
      return;
    }
    if (failure instanceof IllegalArgumentException) {
      error("cannot probe " + target.normalized() + ": " + failure.getMessage());
      return;
    }
    finish(down(classify(failure), null, null, ErrorClassifier.message(failure)));
  }

  /**
   * As {@link ErrorClassifier} says, but a handshake that timed out (Netty's backstop, should a
   * deadline ever outlast it) is the server not answering, like the deadline in that phase.
   */
  private ErrorClass classify(Throwable failure) {
    if (phase == Phase.TLS && failure.getClass().getSimpleName().contains("TimeoutException")) {
      return ErrorClass.TIMEOUT;
    }
    return ErrorClassifier.classify(failure, phase);
  }

  private void refused(String message) {
    finish(ProbeOutcome.refused(timings(), message).withFinalUrl(target.normalized()));
  }

  private void error(String message) {
    finish(ProbeOutcome.error(timings(), message).withAddress(address).withFinalUrl(target.normalized()));
  }

  /**
   * The deadline, by phase. A handshake the server never answers is TIMEOUT, not TLS_FAILURE:
   * the TCP side works (often only the kernel's accept queue), the server is not answering;
   * nothing says its TLS is broken, and Diagnoser would blame certificates.
   */
  private void onDeadline() {
    if (done) {
      return;
    }
    if (dial != null) {
      tried = dial.abandon();
      address = tried.get(tried.size() - 1).address();
    }
    ErrorClass errorClass = switch (phase) {
      case DNS -> ErrorClass.DNS_FAILURE;
      case CONNECT -> ErrorClass.CONNECT_TIMEOUT;
      case TLS, REQUEST, BODY -> ErrorClass.TIMEOUT;
    };
    String what = switch (phase) {
      case DNS -> "DNS lookup";
      case CONNECT -> "TCP connect";
      case TLS -> "TLS handshake";
      case REQUEST -> "response";
      case BODY -> "response body";
    };
    finish(down(errorClass, null, null, what + " did not complete within " + spec.timeout().toMillis() + " ms"));
  }

  private void finish(ProbeOutcome outcome) {
    if (done) {
      return;
    }
    done = true;
    vertx.cancelTimer(deadlineTimer);
    if (dial != null) {
      dial.abandon(); // a connection made from now on is closed as it comes
    }
    closeSocket();
    exchange = null;
    parser = null;
    body = null;
    lease.close();
    result.complete(outcome);
  }

  private void closeSocket() {
    if (socket != null) {
      NetSocket s = socket;
      socket = null;
      s.handler(null);
      s.endHandler(null);
      s.exceptionHandler(null);
      if (s.isSsl() && s.sslSession() != null) {
        // no resumption for the next probe of this host: it would skip the certificate checks
        // and shorten the handshake, and tlsMs is to be what a fresh visitor waits
        s.sslSession().invalidate();
      }
      s.close();
    }
  }

  private boolean sameOrigin(Target next) {
    return next.host().equalsIgnoreCase(target.host()) && next.port() == target.port()
        && next.normalized().startsWith("https:") == isHttps();
  }

  private boolean isHttps() {
    return target.normalized().startsWith("https:");
  }

  private Timings timings() {
    return new Timings(dnsMs, connectMs, tlsMs, firstByteMs, msSince(started));
  }

  private Integer daysLeft(NetSocket tlsSocket) {
    try {
      List<Certificate> chain = tlsSocket.peerCertificates();
      if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate leaf) {
        return (int) Duration.between(clock.instant(), leaf.getNotAfter().toInstant()).toDays();
      }
    } catch (Exception e) {
      // the handshake succeeded, so there is a verified chain; a missing one only costs the number
    }
    return null;
  }

  private long remainingMs() {
    return Math.max(1, spec.timeout().toMillis() - msSince(started));
  }

  private static long msSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
