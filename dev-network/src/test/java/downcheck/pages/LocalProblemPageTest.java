package downcheck.pages;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.testing.Browser;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * Local problems on the pages: an agent whose own network is broken, and an asker whose browser
 * cannot reach what the probes reach. Both are said in words, never shown as the site's fault.
 */
class LocalProblemPageTest {
  static final Duration FINAL_WITHIN = Duration.ofSeconds(20);
  static TestNetwork net;
  static Browser browser;

  @BeforeAll
  static void start() throws IOException {
    net = TestNetwork.start(Duration.ofMillis(1500));
    TargetServer canary = TargetServer.ok(net.vertx());
    String deadCanary = "http://127.0.0.1:" + CheckPageTest.closedPort() + "/";
    net.startAgent(net.agent("eu-west", "eu-west-a1", "127.0.0.2", List.of(canary.url())));
    net.startAgent(net.agent("us-east", "us-east-a1", "127.0.0.3", List.of(canary.url())));
    // its canaries never answer: it soon knows its own network is broken
    net.startAgent(net.agent("ap-south", "ap-south-a1", "127.0.0.4", List.of(deadCanary), "--canary-interval-ms", "300"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (net != null) {
      net.close();
    }
  }

  /** The pages run under the coordinator's Content-Security-Policy: nothing they do may be refused. */
  @AfterEach
  void noContentSecurityPolicyViolation() {
    assertThat(browser.cspViolations()).isEmpty();
  }

  @Test
  void impairedAgentIsExplainedOnTheNetworkPageAndItsAnswerIsNotCountedOnTheCheckPage() {
    browser.open(net.api().base() + "/live");
    WebElement sick = browser.awaitElement(Duration.ofSeconds(15), "li[data-agent='ap-south-a1'][data-status='IMPAIRED']");
    assertThat(sick.getText()).contains("impaired").contains("not counted");

    try (TargetServer target = TargetServer.ok(net.vertx())) {
      browser.open(net.api().base() + "/?target=" + URLEncoder.encode(target.url(), StandardCharsets.UTF_8));
      browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true'][data-verdict='UP']");
      WebElement row = browser.awaitElement(Duration.ofSeconds(1), "li.region[data-region='ap-south']");
      assertThat(row.getAttribute("data-status")).isEqualTo("IMPAIRED");
      assertThat(row.getText()).contains("own network is impaired").contains("not counted against the site");
      assertThat(browser.text("#issues")).contains("ap-south-a1");
      browser.screenshot("check-impaired");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void browserThatCannotReachWhatTheProbesReachIsToldItIsJustYou() {
    // the target answers the probes' addresses and drops the browser's (127.0.0.1)
    try (TargetServer target = TargetServer.start(net.vertx(), req -> {
      if (req.remoteAddress().host().equals("127.0.0.1")) {
        req.connection().close();
      } else {
        req.response().end("ok");
      }
    })) {
      browser.open(net.api().base() + "/?target=" + URLEncoder.encode(target.url(), StandardCharsets.UTF_8));

      WebElement banner = browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true']");
      assertThat(banner.getAttribute("data-verdict")).isEqualTo("UP");
      assertThat(banner.getText()).contains("It's just you").contains("your network");
      assertThat(browser.text("#browser")).startsWith("Your browser could not reach it (");
      browser.screenshot("check-just-you");
      // the page's own look at the target fails as it should; nothing else may
      assertThat(browser.consoleErrors(m -> m.contains(target.url()))).isEmpty();
    }
  }

  @Test
  void aSharedCheckSaysTheAskerReportedAProblemButNeverTheirWords() {
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      String words = "VPN to 10.8.0.1 as jdoe failed";
      String id = net.api().submit("{\"target\":\"" + target.url() + "\",\"client\":{\"reachable\":false,\"error\":\""
          + words + "\"}}").id();
      // opened by someone else: this browser never submitted it
      browser.open(net.api().base() + "/c/" + id);

      browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true'][data-verdict='UP']");
      assertThat(browser.text("#browser")).isEqualTo("The person who asked could not reach it from their own browser.");
      assertThat(browser.text("body")).doesNotContain(words).doesNotContain("10.8.0.1");
      assertThat(net.api().get("/api/v1/checks/" + id).body()).doesNotContain("10.8.0.1");
      browser.screenshot("check-shared-just-you");
    }
  }
}
