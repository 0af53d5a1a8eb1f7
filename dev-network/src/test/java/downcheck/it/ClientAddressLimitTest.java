package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.testing.Api;
import downcheck.testing.MovableClock;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without API keys a client is its address: each address may submit so many checks a minute
 * ({@code --client-checks-per-minute}), then it is told 429 and when to come back, while
 * another address goes on. Requests are sent from chosen loopback addresses, as from two hosts.
 * The limit counts per minute of the coordinator's clock, which the test moves instead of waiting.
 */
class ClientAddressLimitTest {
  static final int PER_MINUTE = 2;
  /** How far before its Retry-After the client asks again, and is still refused. */
  static final long SHORT_OF = 5;
  /**
   * The coordinator's clock runs up to two minutes ahead of the agent's, and an agent is live for
   * three heartbeat intervals from its last: one every 90 s keeps it live to the coordinator.
   */
  static final String HEARTBEAT_MS = "90000";

  static final MovableClock CLOCK = new MovableClock();
  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    // no keys; 2 checks a minute per client; no per-target limit
    net = TestNetwork.start(CLOCK, Duration.ofMillis(1500), Set.of(), PER_MINUTE, 0, List.of());
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(canary.url()),
        "--heartbeat-interval-ms", HEARTBEAT_MS));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void anAddressPastItsLimitIs429WithRetryAfterAnotherAddressIsNotAndAfterTheWaitItIsLetThrough() {
    // the limit counts per minute: start one, so that the first three fall in it
    CLOCK.toNextMinute();
    for (int i = 0; i < PER_MINUTE; i++) {
      Answer ok = submitFrom("127.0.0.21", "http://127.0.0.30:1/" + i);
      assertThat(ok.status()).as(ok.body()).isEqualTo(202);
    }

    Answer refused = submitFrom("127.0.0.21", "http://127.0.0.30:1/past");
    Instant answered = CLOCK.instant();
    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(Api.json(refused.body()).get("detail").asText()).contains("client");
    assertThat(refused.retryAfter()).as("Retry-After, seconds").isNotNull();
    long retryAfter = Long.parseLong(refused.retryAfter());
    assertThat(retryAfter).isBetween(1L, 60L);

    // another host is its own client
    Answer other = submitFrom("127.0.0.22", "http://127.0.0.30:1/other");
    assertThat(other.status()).as(other.body()).isEqualTo(202);

    // refused until the time it was told (whole seconds, rounded up): a few seconds before it,
    // still refused and told the rest of the wait
    CLOCK.forwardTo(answered.plusSeconds(retryAfter - SHORT_OF));
    Answer early = submitFrom("127.0.0.21", "http://127.0.0.30:1/early");
    assertThat(early.status()).as("%d s short of the Retry-After: %s", SHORT_OF, early.body()).isEqualTo(429);
    assertThat(Long.parseLong(early.retryAfter())).as("the rest of the wait, s").isBetween(1L, SHORT_OF);

    // and let through once it has passed
    CLOCK.forwardTo(answered.plusSeconds(retryAfter));
    Answer later = submitFrom("127.0.0.21", "http://127.0.0.30:1/later");
    assertThat(later.status()).as("at the Retry-After: %s", later.body()).isEqualTo(202);
  }

  record Answer(int status, String contentType, String retryAfter, String body) {}

  /** POSTs a check from {@code source}, a loopback address this client's connection is bound to. */
  private static Answer submitFrom(String source, String target) {
    URI base = URI.create(api.base());
    HttpClientAgent client = net.vertx().createHttpClient(new HttpClientOptions().setLocalAddress(source));
    try {
      return Wait.on(client.request(HttpMethod.POST, base.getPort(), base.getHost(), "/api/v1/checks")
          .compose(req -> req.putHeader("Content-Type", "application/json")
              .send("{\"target\":\"" + target + "\",\"timeoutMs\":1000}"))
          .compose(res -> res.body().map(b -> new Answer(res.statusCode(), res.getHeader("Content-Type"),
              res.getHeader("Retry-After"), b.toString()))), Duration.ofSeconds(20));
    } finally {
      client.close();
    }
  }
}
