package downcheck.agent.probe.http;

import downcheck.agent.probe.ErrorClassifier;
import downcheck.agent.probe.Phase;
import downcheck.agent.probe.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.dns.Resolver;
import downcheck.agent.probe.ssrf.AddressPolicy;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.Timings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP probe: resolve, judge, connect to the judged address (Host header and SNI keep the
 * name), send GET, read the status and a bounded body prefix, follow redirects hop by hop.
 * Everything runs on one Vert.x context, so its fields need no locking. The deadline is the
 * spec's timeout for the whole run, redirects included.
 */
final class HttpRun {
  /** The most of a body we read to look for {@code expect.bodyContains}. */
  static final int BODY_LIMIT = 1 << 20;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final ProbeSettings settings;
  private final Resolver resolver;
  private final AddressPolicy policy;
  private final Clock clock;
  private final ProbeSpec spec;
  private final Promise<ProbeOutcome> result = Promise.promise();
  private final long started = System.nanoTime();

  private long deadlineTimer = -1;
  private boolean done;
  private Phase phase = Phase.DNS;
  private HttpClientRequest inFlight;
  // what the current hop has seen
  private String url;
  private Long dnsMs;
  private Long connectMs;
  private Long firstByteMs;
  private String address;
  private Integer certDaysLeft;

  HttpRun(Vertx vertx, HttpClientAgent client, ProbeSettings settings, Resolver resolver, AddressPolicy policy,
      Clock clock, ProbeSpec spec) {
    this.vertx = vertx;
    this.client = client;
    this.settings = settings;
    this.resolver = resolver;
    this.policy = policy;
    this.clock = clock;
    this.spec = spec;
  }

  Future<ProbeOutcome> start() {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      deadlineTimer = vertx.setTimer(Math.max(1, spec.timeout().toMillis()), id -> onDeadline());
      hop(spec.target(), 0);
    });
    return result.future();
  }

  private void hop(Target target, int redirects) {
    url = target.normalized();
    dnsMs = connectMs = firstByteMs = null;
    address = null;
    certDaysLeft = null;
    phase = Phase.DNS;
    long t0 = System.nanoTime();
    resolver.addressesOf(target.host()).onComplete(ar -> {
      if (done) {
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      dnsMs = msSince(t0);
      Optional<String> refusal = policy.refusal(ar.result());
      if (refusal.isPresent()) {
        error("refused by policy: " + refusal.get() + " (" + target.host() + ")");
        return;
      }
      connect(target, ar.result().get(0), redirects);
    });
  }

  private void connect(Target target, InetAddress ip, int redirects) {
    phase = Phase.CONNECT;
    URI uri = URI.create(target.normalized());
    boolean https = "https".equals(uri.getScheme());
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(target.port(), ip.getHostAddress()))
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(https)
        .setURI(path)
        .setFollowRedirects(false)
        .setConnectTimeout(remainingMs())
        .putHeader(HttpHeaders.HOST, hostHeader(target, https))
        .putHeader(HttpHeaders.USER_AGENT, settings.userAgent())
        .putHeader(HttpHeaders.ACCEPT, "*/*");
    long t0 = System.nanoTime();
    client.request(options).onComplete(ar -> {
      if (done) {
        if (ar.succeeded()) {
          ar.result().reset();
        }
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      HttpClientRequest request = ar.result();
      inFlight = request;
      connectMs = msSince(t0);
      address = request.connection().remoteAddress().hostAddress();
      if (https) {
        certDaysLeft = daysLeft(request);
      }
      send(request, redirects);
    });
  }

  private void send(HttpClientRequest request, int redirects) {
    phase = Phase.REQUEST;
    long t0 = System.nanoTime();
    request.send().onComplete(ar -> {
      if (done) {
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      firstByteMs = msSince(t0);
      HttpClientResponse response = ar.result();
      Optional<Target> next = redirectTarget(response);
      if (next.isPresent()) {
        request.connection().close();
        if (redirects >= settings.maxRedirects()) {
          down(ErrorClass.UNEXPECTED_STATUS, response, "too many redirects: more than " + settings.maxRedirects());
          return;
        }
        hop(next.get(), redirects + 1);
        return;
      }
      readBody(response);
    });
  }

  /** Where a 3xx sends us, unless redirects are off or the check expects this very status. */
  private Optional<Target> redirectTarget(HttpClientResponse response) {
    int status = response.statusCode();
    String location = response.getHeader(HttpHeaders.LOCATION);
    boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (!redirect || location == null || settings.maxRedirects() <= 0 || spec.expect().status().contains(status)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Target.parse(URI.create(url).resolve(location.strip()).toString(), ProbeKind.HTTP));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // an unusable Location: judge the 3xx itself
    }
  }

  private void readBody(HttpClientResponse response) {
    phase = Phase.BODY;
    Buffer body = Buffer.buffer();
    response.exceptionHandler(this::fail);
    response.handler(chunk -> {
      int room = BODY_LIMIT - body.length();
      if (room <= 0) {
        return;
      }
      body.appendBuffer(chunk.length() <= room ? chunk : chunk.slice(0, room));
      if (body.length() >= BODY_LIMIT && !done) {
        judge(response, body);
        response.request().connection().close(); // the rest is not ours to download
      }
    });
    response.endHandler(v -> judge(response, body));
  }

  private void judge(HttpClientResponse response, Buffer body) {
    if (done) {
      return;
    }
    int status = response.statusCode();
    if (!spec.expect().statusOk(status)) {
      down(status >= 500 ? ErrorClass.HTTP_5XX : ErrorClass.UNEXPECTED_STATUS, response,
          "HTTP " + status + " " + response.statusMessage());
      return;
    }
    String needle = spec.expect().bodyContains();
    if (needle != null && !contains(body.getBytes(), needle.getBytes(StandardCharsets.UTF_8))) {
      down(ErrorClass.CONTENT_MISMATCH, response, "body (first " + body.length() + " bytes) does not contain '"
          + needle + "'");
      return;
    }
    finish(new ProbeOutcome(Outcome.UP, null, status, timings(), address, null, url, certDaysLeft,
        response.getHeader(HttpHeaders.RETRY_AFTER), List.of()));
  }

  private void down(ErrorClass errorClass, HttpClientResponse response, String message) {
    finish(new ProbeOutcome(Outcome.DOWN, errorClass, response.statusCode(), timings(), address, message, url,
        certDaysLeft, response.getHeader(HttpHeaders.RETRY_AFTER), List.of()));
  }

  private void fail(Throwable failure) {
    if (failure instanceof IllegalArgumentException) {
      error("cannot probe " + url + ": " + failure.getMessage());
      return;
    }
    ErrorClass errorClass = ErrorClassifier.classify(failure, phase);
    finish(new ProbeOutcome(Outcome.DOWN, errorClass, null, timings(), address, ErrorClassifier.message(failure),
        url, certDaysLeft, null, List.of()));
  }

  private void error(String message) {
    finish(new ProbeOutcome(Outcome.ERROR, null, null, timings(), address, message, url, null, null, List.of()));
  }

  private void onDeadline() {
    if (done) {
      return;
    }
    ErrorClass errorClass = switch (phase) {
      case DNS -> ErrorClass.DNS_FAILURE;
      case CONNECT -> ErrorClass.CONNECT_TIMEOUT;
      default -> ErrorClass.TIMEOUT;
    };
    String what = phase.name().toLowerCase() + " did not complete within " + spec.timeout().toMillis() + " ms";
    finish(new ProbeOutcome(Outcome.DOWN, errorClass, null, timings(), address, what, url, certDaysLeft, null,
        List.of()));
  }

  private void finish(ProbeOutcome outcome) {
    if (done) {
      return;
    }
    done = true;
    vertx.cancelTimer(deadlineTimer);
    if (inFlight != null) {
      inFlight.connection().close();
    }
    result.complete(outcome);
  }

  private Timings timings() {
    return new Timings(dnsMs, connectMs, null, firstByteMs, msSince(started));
  }

  private Integer daysLeft(HttpClientRequest request) {
    try {
      List<Certificate> chain = request.connection().peerCertificates();
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

  private static String hostHeader(Target target, boolean https) {
    String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
    boolean defaultPort = target.port() == (https ? 443 : 80);
    return defaultPort ? host : host + ":" + target.port();
  }

  private static long msSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
