package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without API keys a client is its address: each address may submit so many checks a minute
 * ({@code --client-checks-per-minute}), then it is told 429 and when to come back, while
 * another address goes on. Requests are sent from chosen loopback addresses, as from two hosts.
 */
class ClientAddressLimitTest {
  static final int PER_MINUTE = 2;

  static TestNetwork net;
  static Api api;

  @BeforeAll
  static void startNetwork() {
    // no keys; 2 checks a minute per client; no per-target limit
    net = TestNetwork.start(Duration.ofMillis(1500), Set.of(), PER_MINUTE, 0);
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(canary.url())));
  }

  @AfterAll
  static void stopNetwork() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void anAddressPastItsLimitIs429WithRetryAfterAnotherAddressIsNotAndAfterTheWaitItIsLetThrough() {
    // the limit counts per minute: start with enough of one left that the first three fall in one
    await("not at a minute's end").atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200))
        .until(() -> LocalTime.now().getSecond() < 55);
    for (int i = 0; i < PER_MINUTE; i++) {
      Answer ok = submitFrom("127.0.0.21", "http://127.0.0.30:1/" + i);
      assertThat(ok.status()).as(ok.body()).isEqualTo(202);
    }

    Answer refused = submitFrom("127.0.0.21", "http://127.0.0.30:1/past");
    long refusedAt = System.nanoTime();
    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(Api.json(refused.body()).get("detail").asText()).contains("client");
    assertThat(refused.retryAfter()).as("Retry-After, seconds").isNotNull();
    long retryAfter = Long.parseLong(refused.retryAfter());
    assertThat(retryAfter).isBetween(1L, 60L);

    // another host is its own client
    Answer other = submitFrom("127.0.0.22", "http://127.0.0.30:1/other");
    assertThat(other.status()).as(other.body()).isEqualTo(202);

    // the first is refused until the time it was told has passed, and let through then
    Answer[] last = new Answer[1];
    await("let through after Retry-After " + retryAfter + " s").atMost(Duration.ofSeconds(retryAfter + 10))
        .pollInterval(Duration.ofMillis(500)).until(() -> {
          last[0] = submitFrom("127.0.0.21", "http://127.0.0.30:1/later");
          return last[0].status() != 429;
        });
    long waitedMs = (System.nanoTime() - refusedAt) / 1_000_000;
    assertThat(last[0].status()).as(last[0].body()).isEqualTo(202);
    // Retry-After is whole seconds, rounded up: the limit's window may end up to 1 s before it
    assertThat(waitedMs).as("refused for, ms").isGreaterThanOrEqualTo((retryAfter - 1) * 1000);
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
