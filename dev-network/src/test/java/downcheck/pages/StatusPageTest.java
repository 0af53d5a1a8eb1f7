package downcheck.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import downcheck.testing.Api;
import downcheck.testing.SwitchableTarget;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/** A public status page (/s/{slug}) in a real browser, an outage and its end, at a desktop's and a phone's width. */
class StatusPageTest extends PageTest {
  static final Duration SOON = Duration.ofSeconds(20);

  @Test
  void thePageShowsEachServiceInWordsAndBarsItsIncidentAndTheFeedAndFitsAPhone() {
    try (SwitchableTarget shop = SwitchableTarget.ok(network.net.vertx())) {
      Api api = network.net.api();
      String shopId = monitor(api, "{\"target\":\"" + shop.url() + "\",\"intervalSeconds\":1,\"timeoutMs\":3000,"
          + "\"confirmations\":1,\"name\":\"Web shop\"}");
      String apiId = monitor(api, "{\"target\":\"" + network.canary.url() + "\",\"intervalSeconds\":1,"
          + "\"timeoutMs\":3000,\"name\":\"Public API\"}");
      HttpResponse<String> made = api.post("/api/v1/status-pages", "{\"slug\":\"acme\",\"title\":\"Acme\",\"monitors\":[\""
          + shopId + "\",\"" + apiId + "\"]}");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
      await("both up").atMost(SOON).until(() -> state(api, shopId).equals("UP") && state(api, apiId).equals("UP"));

      shop.stop();
      await("the shop down").atMost(SOON).until(() -> state(api, shopId).equals("GLOBAL_OUTAGE"));
      browser.open(network.base() + "/s/acme");
      WebElement overall = browser.awaitElement(Duration.ofSeconds(10), "#overall[data-state]");
      assertThat(overall.getText()).isEqualTo("Partial outage");
      assertThat(overall.getAttribute("class")).contains("v-REGIONAL_OUTAGE");
      assertThat(browser.text("#title")).isEqualTo("Acme");
      List<WebElement> services = browser.all("#services .service");
      assertThat(services).hasSize(2);
      assertThat(services.get(0).getText()).contains("Web shop").contains("Down for everyone");
      assertThat(services.get(1).getText()).contains("Public API").contains("Up");
      assertThat(services.get(0).getAttribute("data-state")).isEqualTo("GLOBAL_OUTAGE");
      WebElement incident = browser.awaitElement(Duration.ofSeconds(5), "#incidents .incident[data-open='true']");
      assertThat(incident.getText()).contains("Web shop").contains("Ongoing").contains("still going on")
          .contains("ap-south").contains("eu-west").contains("us-east");
      assertThat(browser.driver().getPageSource()).as("the target is not shown").doesNotContain(shop.url());
      browser.screenshot("status-outage");

      shop.start();
      await("the shop back").atMost(SOON).until(() -> state(api, shopId).equals("UP"));
      browser.open(network.base() + "/s/acme");
      overall = browser.awaitElement(Duration.ofSeconds(10), "#overall[data-state]");
      assertThat(overall.getText()).isEqualTo("All systems operational");
      assertThat(overall.getAttribute("class")).contains("v-UP");
      WebElement resolved = browser.awaitElement(Duration.ofSeconds(5), "#incidents .incident[data-open='false']");
      assertThat(resolved.getText()).contains("Resolved").contains("Likely cause");
      // 90 daily bars each; today's of the shop is not all up, the days before had no run
      List<WebElement> shopBars = browser.all("#services .service:first-child .bars .day");
      assertThat(shopBars).hasSize(90);
      assertThat(shopBars.get(89).getAttribute("class")).isNotIn("day d-good", "day d-none");
      assertThat(shopBars.get(88).getAttribute("class")).isEqualTo("day d-none");
      assertThat(browser.all("#services .service:last-child .bars .day").get(89).getAttribute("class"))
          .isEqualTo("day d-good");
      WebElement subscribe = browser.awaitElement(Duration.ofSeconds(5), "#subscribe");
      assertThat(subscribe.getText()).isEqualTo("Subscribe");
      assertThat(subscribe.getAttribute("href")).isEqualTo(network.base() + "/s/acme/feed.atom");
      assertThat(browser.consoleErrors()).isEmpty();
      browser.screenshot("status");

      phone(360, 740);
      assertThat((Boolean) browser.driver().executeScript(
          "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
          .as("the page scrolls sideways at 360 px").isTrue();
      shot("status-phone", 360);
      browser.desktop();
    }
  }

  @Test
  void anUnknownSlugSaysSo() {
    browser.open(network.base() + "/s/no-such-page");
    assertThat(browser.awaitElement(Duration.ofSeconds(10), "#overall .word").getText()).isEqualTo("No such status page");
    // the page's own look at its summary is the one error the console shows: wait for it, so no later test sees it
    List<String> errors = new java.util.ArrayList<>();
    await("the 404 in the console").atMost(Duration.ofSeconds(5)).until(() -> {
      errors.addAll(browser.consoleErrors());
      return errors.stream().anyMatch(m -> m.contains("/no-such-page/summary") && m.contains("404"));
    });
    assertThat(errors).allMatch(m -> m.contains("/no-such-page/summary") && m.contains("404"));
  }

  private static String monitor(Api api, String body) {
    HttpResponse<String> res = api.post("/api/v1/monitors", body);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    return Api.json(res.body()).get("id").asText();
  }

  private static String state(Api api, String id) {
    return Api.json(api.get("/api/v1/monitors/" + id).body()).get("state").asText();
  }

  private static void phone(int width, int height) {
    browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
  }

  /** The whole page at a phone's width, where the other pages' screenshots go. */
  private static void shot(String name, int width) {
    Long height = (Long) browser.driver().executeScript("return Math.ceil(document.documentElement.scrollHeight)");
    phone(width, (int) Math.min(height, 4000));
    try {
      File shot = browser.driver().getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
