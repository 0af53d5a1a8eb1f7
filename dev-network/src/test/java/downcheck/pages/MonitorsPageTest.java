package downcheck.pages;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.testing.Api;
import downcheck.testing.SwitchableTarget;
import downcheck.testing.TargetServer;
import downcheck.testing.WebhookReceiver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.junit.jupiter.api.Test;

/** The monitors page and the check page's "tell me when it's back", in a real browser. */
class MonitorsPageTest extends PageTest {
  @Test
  void aMonitorCreatedOnThePageIsListedWithItsStateAndUptime() {
    try (TargetServer target = TargetServer.ok(network.net.vertx())) {
      browser.open(network.base() + "/monitors");
      browser.awaitElement(Duration.ofSeconds(10), "#status");
      fill("m-target", target.url());
      fill("m-name", "page monitor");
      browser.driver().findElement(By.id("m-interval")).clear();
      fill("m-interval", "0");
      browser.driver().findElement(By.id("m-go")).click();
      // below the minimum: the field is named, the minimum said
      WebElement error = browser.awaitElement(Duration.ofSeconds(5), "#create-error li[data-field='intervalSeconds']");
      assertThat(error.getText()).contains("minimum here is 1 s");

      browser.driver().findElement(By.id("m-interval")).clear();
      fill("m-interval", "1");
      browser.driver().findElement(By.id("m-go")).click();
      WebElement row = browser.awaitElement(Duration.ofSeconds(20), "tr[data-state='UP']");
      assertThat(row.getText()).contains("page monitor").contains("Up").contains("100%");
      assertThat(browser.all("#create-error li")).isEmpty();
      browser.screenshot("monitors");
      browser.phone();
      assertThat(browser.scrollsSideways()).as("page wider than a phone").isFalse();
      browser.desktop();
      // the refused first try is the only error the console may show
      assertThat(browser.consoleErrors(m -> m.contains("/api/v1/monitors") && m.contains("400"))).isEmpty();
      String id = row.getAttribute("data-monitor");
      assertThat(network.net.api().delete("/api/v1/monitors/" + id).statusCode()).isEqualTo(204);
    }
  }

  @Test
  void tellMeWhenItsBackSaysSoOnThePageAndToTheWebhook() {
    try (SwitchableTarget target = SwitchableTarget.ok(network.net.vertx());
         WebhookReceiver receiver = new WebhookReceiver(network.net.vertx())) {
      target.stop();
      browser.open(network.base() + "/?target=" + URLEncoder.encode(target.url(), StandardCharsets.UTF_8));
      browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true'][data-verdict='GLOBAL_OUTAGE']");
      fill("watch-url", receiver.url("/back"));
      browser.driver().findElement(By.id("watch-go")).click();
      browser.awaitElement(Duration.ofSeconds(5), "#watch-status[data-watch='watching']");
      browser.screenshot("check-watching");

      target.start();
      WebElement back = browser.awaitElement(Duration.ofSeconds(20), "#watch-status[data-watch='back']");
      assertThat(back.getText()).startsWith("It's back up.");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted("/back").isEmpty());
      assertThat(Api.json(receiver.accepted("/back").get(0).body()).get("event").asText()).isEqualTo("monitor.up");
      // the page's own look at the target failed while it was down; nothing else may
      assertThat(browser.consoleErrors(m -> m.contains(target.url()))).isEmpty();
    }
  }

  private static void fill(String id, String text) {
    browser.driver().findElement(By.id(id)).sendKeys(text);
  }
}
