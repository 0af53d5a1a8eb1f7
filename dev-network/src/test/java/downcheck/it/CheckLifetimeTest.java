package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Verdict;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A check's life as its asker reads it from the API: its deadline, the window after it in
 * which the same question is answered from it, and its host's history however the host is
 * written. Two regions, their agents resolving {@code bücher.example} from their hosts file.
 */
class CheckLifetimeTest {
  static final Duration GRACE = Duration.ofMillis(1500);
  /** {@code --coalesce-seconds}, left at its default. */
  static final Duration COALESCE_WINDOW = Duration.ofSeconds(5);
  static final Duration FINAL_WITHIN = Duration.ofSeconds(20);
  static final String IDN_ASCII = "xn--bcher-kva.example";

  static TestNetwork net;
  static Api api;
  static Path hosts;

  @BeforeAll
  static void startNetwork() throws IOException {
    net = TestNetwork.start(GRACE);
    api = net.api();
    TargetServer canary = TargetServer.ok(net.vertx());
    // an internationalised name the agents resolve without DNS, to loopback
    hosts = Files.createTempFile("downcheck-hosts", "");
    Files.writeString(hosts, "127.0.0.1 " + IDN_ASCII + "\n");
    for (String region : List.of("eu-west", "us-east")) {
      net.startAgent(net.agent(region, region + "-a1", null, List.of(canary.url()), "--hosts-file", hosts.toString(),
          "--dns-search", ""));
    }
  }

  @AfterAll
  static void stopNetwork() throws IOException {
    if (net != null) {
      net.close();
    }
    Files.deleteIfExists(hosts);
  }

  @ParameterizedTest(name = "timeoutMs {0}")
  @ValueSource(ints = {100, 2500, 30000})
  void theDeadlineIsCreatedAtPlusTheTimeoutPlusTheGrace(int timeoutMs) {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      CheckView accepted = api.submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":" + timeoutMs + "}");
      Instant expected = accepted.createdAt().plusMillis(timeoutMs).plus(GRACE);

      assertThat(accepted.deadline()).isEqualTo(expected);
      assertThat(api.check(accepted.id()).deadline()).isEqualTo(expected);
      CheckView done = api.awaitFinal(accepted.id(), FINAL_WITHIN);
      assertThat(done.deadline()).as("a final check keeps its deadline").isEqualTo(expected);
      assertThat(done.createdAt()).isEqualTo(accepted.createdAt());
    }
  }

  @Test
  void theSameQuestionIsAnsweredFromAFinalCheckUntilTheWindowAfterItsDeadlineThenProbedAnew() {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      String question = "{\"target\":\"" + target.url() + "\",\"timeoutMs\":1000}";
      CheckView first = api.submit(question);
      Instant deadline = first.deadline();
      assertThat(api.awaitFinal(first.id(), FINAL_WITHIN).verdict()).isEqualTo(Verdict.UP);
      assertThat(target.callers()).hasSize(2);

      // past the deadline, the check is final: asked again, it answers
      await("past the deadline").atMost(FINAL_WITHIN).until(() -> Instant.now().isAfter(deadline));
      HttpResponse<String> again = api.post("/api/v1/checks", question);
      Instant answeredAt = Instant.now();
      assertThat(answeredAt).as("asked within the window").isBefore(deadline.plus(COALESCE_WINDOW));
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      CheckView shared = Codec.fromJson(again.body(), CheckView.class);
      assertThat(shared.coalesced()).isTrue();
      assertThat(shared.id()).isEqualTo(first.id());
      assertThat(shared.isFinal()).isTrue();
      assertThat(shared.verdict()).isEqualTo(Verdict.UP);

      // after the window the same question is a new check with new probes
      AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
      await("a new check after the window").atMost(COALESCE_WINDOW.plus(FINAL_WITHIN)).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            last.set(api.post("/api/v1/checks", question));
            return last.get().statusCode() != 200;
          });
      Instant newAt = Instant.now();
      assertThat(last.get().statusCode()).as(last.get().body()).isEqualTo(202);
      // Hazelcast keeps the claim's time to live in whole seconds: it may end up to 1 s early
      assertThat(newAt).as("answered from the first check until the window's end")
          .isAfter(deadline.plus(COALESCE_WINDOW).minusSeconds(1));
      CheckView fresh = Codec.fromJson(last.get().body(), CheckView.class);
      assertThat(fresh.id()).isNotEqualTo(first.id());
      assertThat(fresh.coalesced()).isFalse();
      api.awaitFinal(fresh.id(), FINAL_WITHIN);
      assertThat(target.callers()).hasSize(4);
    }
  }

  @Test
  void aHostsHistoryIsFoundHoweverTheHostIsWritten() {
    // listening on every loopback address: for the name (127.0.0.1) and for 127.0.0.31
    try (TargetServer target = TargetServer.start(net.vertx(), "0.0.0.0", req -> req.response().end("ok"))) {
      // asked as a user might write it: mixed case, internationalised, a trailing dot, a port
      CheckView byName = checked("http://Bücher.Example.:" + target.port() + "/");
      assertThat(byName.target()).isEqualTo("http://" + IDN_ASCII + ":" + target.port() + "/");
      CheckView byAddress = checked("http://127.0.0.31:" + target.port() + "/");

      for (String written : List.of(IDN_ASCII, "bücher.example", "BÜCHER.Example", IDN_ASCII + ".",
          "XN--BCHER-KVA.EXAMPLE", IDN_ASCII + ":8443", "Bücher.Example.:443")) {
        assertThat(history(written)).as("history of " + written).containsExactly(byName.id());
      }
      // an address in any form a browser reads it in
      for (String written : List.of("127.0.0.31", "0x7f.0.0.31", "2130706463", "127.0.0.31:8080")) {
        assertThat(history(written)).as("history of " + written).containsExactly(byAddress.id());
      }
    }
  }

  /** A final UP check of {@code url}, once it is in its host's history. */
  private static CheckView checked(String url) {
    CheckView done = api.awaitFinal(api.submit("{\"target\":\"" + url + "\",\"timeoutMs\":3000}").id(), FINAL_WITHIN);
    assertThat(done.verdict()).as(done.summary()).isEqualTo(Verdict.UP);
    String host = done.target().replaceFirst("^http://", "").replaceFirst(":\\d+/$", "");
    await("in the history of " + host).atMost(Duration.ofSeconds(5)).until(() -> history(host).contains(done.id()));
    return done;
  }

  private static List<String> history(String host) {
    HttpResponse<String> res = api.get("/api/v1/targets/" + URLEncoder.encode(host, StandardCharsets.UTF_8)
        .replace("+", "%20") + "/history");
    assertThat(res.statusCode()).as(host + ": " + res.body()).isEqualTo(200);
    JsonNode list = Api.json(res.body());
    return list.findValuesAsText("id");
  }
}
