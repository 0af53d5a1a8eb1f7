package downcheck.pages;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.testing.TargetServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** A target's page in a real browser: its recent checks, the chart, and "check it now". */
class TargetPageTest extends PageTest {
  @Test
  void targetPageShowsRecentChecksAndAChartAndChecksItNow() {
    try (TargetServer target = TargetServer.start(network.net.vertx(),
        req -> network.net.vertx().setTimer(1 + (long) (Math.random() * 40), t -> req.response().end("ok")))) {
      for (int i = 0; i < 3; i++) {
        String id = network.net.api().submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":3000,\"fresh\":true}").id();
        network.net.api().awaitFinal(id, FINAL_WITHIN);
      }

      browser.open(network.base() + "/t/127.0.0.1");
      browser.await(Duration.ofSeconds(5), d -> browser.all("#checks tr").size() == 3);
      assertThat(browser.text("h1")).isEqualTo("127.0.0.1");
      assertThat(browser.all("#checks tr[data-verdict='UP']")).hasSize(3);
      assertThat(browser.all("#chart svg rect")).hasSize(3);
      assertThat(browser.all("#chart svg polyline")).hasSize(3); // one line per region
      assertThat(browser.text("#chart")).contains("ap-south").contains("eu-west").contains("us-east");
      browser.screenshot("target");
      browser.phone();
      // drawn afresh at a phone's width, as a phone would load it
      browser.driver().navigate().refresh();
      browser.await(Duration.ofSeconds(5), d -> browser.all("#checks tr").size() == 3);
      assertThat(browser.scrollsSideways()).as("page wider than a phone").isFalse();
      browser.screenshot("target-phone");
      browser.desktop();

      browser.driver().findElement(By.id("now")).click();
      browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true'][data-verdict='UP']");
      assertThat(browser.path()).startsWith("/c/c-");

      // back on the target's page, the new check is there
      browser.driver().navigate().back();
      browser.await(Duration.ofSeconds(5), d -> browser.path().startsWith("/t/") && browser.all("#checks tr").size() == 4);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void targetNeverCheckedSaysSo() {
    browser.open(network.base() + "/t/never-checked.example");
    browser.await(Duration.ofSeconds(5), d -> browser.text("#status").contains("has not been checked lately"));
    assertThat(browser.driver().findElement(By.id("now")).getAttribute("href")).endsWith("/?target=never-checked.example");
    assertThat(browser.consoleErrors()).isEmpty();
  }
}
