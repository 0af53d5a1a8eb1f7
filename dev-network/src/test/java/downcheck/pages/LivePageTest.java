package downcheck.pages;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.verdict.CheckView;
import downcheck.testing.TargetServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network page in a real browser: agents by region, and every verdict as it streams in. */
class LivePageTest extends PageTest {
  @Test
  void checkSubmittedThroughTheApiAppearsWithinTwoSecondsThenEndsFinal() {
    browser.open(network.base() + "/live");
    browser.awaitElement(Duration.ofSeconds(10), "#stream-status[data-state='live']");
    for (String region : ThreeRegions.REGIONS) {
      browser.awaitElement(Duration.ofSeconds(5), "section[data-region='" + region + "'] li[data-status='HEALTHY']");
    }

    try (TargetServer target = TargetServer.ok(network.net.vertx())) {
      CheckView accepted = network.net.api().submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":3000}");

      browser.awaitElement(Duration.ofSeconds(2), "tr[data-check='" + accepted.id() + "']");
      browser.awaitElement(Duration.ofSeconds(20), "tr[data-check='" + accepted.id() + "'][data-final='true'][data-verdict='UP']");
      assertThat(browser.text("tr[data-check='" + accepted.id() + "']")).contains("Up for everyone");
      browser.screenshot("live");
      browser.phone();
      assertThat(browser.scrollsSideways()).as("page wider than a phone").isFalse();
      browser.screenshot("live-phone");
      browser.desktop();
    }
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void agentOfANewRegionAppearsWithoutAReloadAndIsShownGoneWhenItStops() {
    browser.open(network.base() + "/live");
    browser.awaitElement(Duration.ofSeconds(10), "section[data-region='eu-west']");
    assertThat(browser.all("section[data-region='sa-east']")).isEmpty();

    network.net.startAgent(network.net.agent("sa-east", "sa-east-a1", "127.0.0.6", List.of(network.canary.url())));
    // the page polls every 2 s
    browser.awaitElement(Duration.ofSeconds(5), "section[data-region='sa-east'] li[data-agent='sa-east-a1'][data-status='HEALTHY']");

    network.net.stopAgent("sa-east-a1");
    browser.awaitElement(Duration.ofSeconds(5), "section[data-region='sa-east'] li[data-agent='sa-east-a1'][data-status='GONE']");
    assertThat(browser.text("section[data-region='sa-east']")).contains("no live agent").contains("gone since");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void verdictTableKeepsOnlyTheNewestHundredChecks() {
    browser.open(network.base() + "/live");
    browser.awaitElement(Duration.ofSeconds(10), "#stream-status[data-state='live']");
    try (TargetServer target = TargetServer.ok(network.net.vertx())) {
      String last = null;
      for (int i = 0; i < 105; i++) {
        // fresh: every check sends its own probes, so every one is a verdict of its own on the stream
        last = network.net.api().submit("{\"target\":\"" + target.url() + "?n=" + i + "\",\"timeoutMs\":3000,\"fresh\":true}").id();
      }
      browser.awaitElement(Duration.ofSeconds(30), "tr[data-check='" + last + "'][data-final='true']");
      browser.await(Duration.ofSeconds(30), d -> browser.all("tr[data-final='false']").isEmpty());
      assertThat(browser.all("#verdicts tr")).hasSize(100);
      assertThat(browser.all("#verdicts tr").get(0).getAttribute("data-check")).isEqualTo(last);
    }
  }
}
