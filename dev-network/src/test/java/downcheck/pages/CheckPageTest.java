package downcheck.pages;

import static downcheck.pages.ThreeRegions.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.testing.TargetServer;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** The check page in a real browser, against a real network of three regions. */
class CheckPageTest extends PageTest {
  @AfterEach
  void backToDesktop() {
    browser.desktop();
  }

  @Test
  void targetInTheAddressIsCheckedAtOnceRegionsArriveLiveThenUpInAllThree() {
    // ap-south's answer is held until the page has been seen with two regions in and one
    // waiting, however long the browser takes: the page is asked to show it, not to be quick
    Promise<Void> seenArriving = Promise.promise();
    try (TargetServer target = TargetServer.start(network.net.vertx(), req -> {
      if (req.remoteAddress().host().equals(SOURCE.get("ap-south"))) {
        Context context = Vertx.currentContext();
        seenArriving.future().onComplete(v -> context.runOnContext(x -> req.response().end("ok")));
      } else {
        req.response().end("ok");
      }
    })) {
      browser.open(network.base() + "/?target=" + URLEncoder.encode(target.url(), StandardCharsets.UTF_8));

      try {
        // the page's check times out after 10 s: ap-south is answered before that
        browser.await(Duration.ofSeconds(8), d -> browser.all("li[data-region='eu-west'][data-status='UP']").size()
            + browser.all("li[data-region='us-east'][data-status='UP']").size() == 2
            && !browser.all("li[data-region='ap-south'][data-status='PENDING']").isEmpty());
        assertThat(browser.text("#banner")).contains("still checking");
        assertThat(browser.path()).startsWith("/c/c-");
        browser.screenshot("check-arriving");
      } finally {
        seenArriving.tryComplete();
      }

      WebElement banner = browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true']");
      assertThat(banner.getAttribute("data-verdict")).isEqualTo("UP");
      assertThat(banner.getText()).contains("Up").contains("up in all 3 regions").contains("Confidence");
      assertThat(browser.all("li.region[data-status='UP']")).hasSize(3);
      for (WebElement row : browser.all("li.region")) {
        assertThat(row.getText()).contains("HTTP 200").contains("total").contains("first byte");
        assertThat(row.findElements(org.openqa.selenium.By.cssSelector(".bar span"))).isNotEmpty();
      }
      assertThat(browser.text("#browser")).isEqualTo("Your browser could reach it too.");
      browser.screenshot("check");

      browser.phone();
      assertThat(browser.scrollsSideways()).as("page wider than a phone").isFalse();
      browser.screenshot("check-phone");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void closedPortShowsTheOutageForEveryoneWithItsDiagnosis() throws IOException {
    String url = "http://127.0.0.1:" + closedPort() + "/";
    browser.open(network.base() + "/");
    browser.driver().findElement(org.openqa.selenium.By.id("target")).sendKeys(url);
    browser.driver().findElement(org.openqa.selenium.By.id("go")).click();

    WebElement banner = browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true']");
    assertThat(banner.getAttribute("data-verdict")).isEqualTo("GLOBAL_OUTAGE");
    assertThat(banner.getText()).contains("Down for everyone").contains("connection refused")
        .contains("Likely cause").contains("Evidence");
    assertThat(browser.all("li.region[data-status='DOWN']")).hasSize(3)
        .allSatisfy(row -> assertThat(row.getText()).contains("CONNECT_REFUSED"));
    assertThat(browser.text("#browser")).startsWith("Your browser could not reach it either");
    // submitting moved the page to the check's own address
    assertThat(browser.path()).startsWith("/c/c-");
    browser.screenshot("check-outage");
    // the page's own look at the target fails as it should; nothing else may
    assertThat(browser.consoleErrors(m -> m.contains(url))).isEmpty();
  }

  @Test
  void targetRefusedByOneRegionShowsARegionalOutageNamingIt() {
    try (TargetServer target = TargetServer.start(network.net.vertx(), req -> {
      if (req.remoteAddress().host().equals(SOURCE.get("us-east"))) {
        req.connection().close();
      } else {
        req.response().end("ok");
      }
    })) {
      browser.open(network.base() + "/?target=" + URLEncoder.encode(target.url(), StandardCharsets.UTF_8));

      WebElement banner = browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true']");
      assertThat(banner.getAttribute("data-verdict")).isEqualTo("REGIONAL_OUTAGE");
      assertThat(banner.getText()).contains("Down in some regions").contains("us-east");
      assertThat(browser.all("li.region[data-region='us-east'][data-status='DOWN']")).hasSize(1);
      assertThat(browser.all("li.region[data-status='UP']")).hasSize(2);
      browser.screenshot("check-regional");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void checkReloadedAfterItsEndShowsTheSameFinalResult() {
    try (TargetServer target = TargetServer.ok(network.net.vertx())) {
      browser.open(network.base() + "/?target=" + URLEncoder.encode(target.url(), StandardCharsets.UTF_8));
      browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true']");
      String path = browser.path();
      String banner = browser.text("#banner");
      List<String> rows = browser.all("li.region").stream().map(WebElement::getText).toList();

      browser.driver().navigate().refresh();
      browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true']");
      assertThat(browser.path()).isEqualTo(path);
      assertThat(browser.text("#banner")).isEqualTo(banner);
      assertThat(browser.all("li.region").stream().map(WebElement::getText).toList()).isEqualTo(rows);

      // and the shared address, opened afresh, shows the same
      browser.open(network.base() + path);
      browser.awaitElement(FINAL_WITHIN, "#banner .banner[data-final='true']");
      assertThat(browser.text("#banner")).isEqualTo(banner);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void unknownCheckSaysSoOnThePage() {
    browser.open(network.base() + "/c/c-doesnotexist");
    browser.await(Duration.ofSeconds(5), d -> browser.text("#form-error").contains("There is no check c-doesnotexist"));
    // the page asked the API, which answered 404: the console reports that failed load, nothing else
    assertThat(browser.consoleErrors(m -> m.contains("/api/v1/checks/c-doesnotexist") && m.contains("404"))).isEmpty();
  }

  @Test
  void pagesAreServedAtTheirAddressesAndUnknownApiPathsStayProblemJson() {
    for (String page : List.of("/", "/c/c-any", "/live", "/t/example.com")) {
      HttpResponse<String> res = network.net.api().get(page);
      assertThat(res.statusCode()).as(page).isEqualTo(200);
      assertThat(res.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }
    assertThat(network.net.api().get("/favicon.svg").statusCode()).isEqualTo(200);
    for (String unknown : List.of("/api/v1/nothing", "/api/v1/checks/c-x/nothing", "/c/", "/nothing.html")) {
      HttpResponse<String> res = network.net.api().get(unknown);
      assertThat(res.statusCode()).as(unknown).isEqualTo(404);
      assertThat(res.headers().firstValue("Content-Type")).as(unknown).hasValue("application/problem+json");
    }
  }

  @Test
  void everyPageFileAndApiAnswerCarriesTheSecurityHeaders() {
    for (String path : List.of("/", "/c/c-any", "/live", "/t/example.com", "/monitors", "/js/check.js",
        "/css/downcheck.css", "/favicon.svg", "/api/v1/checks/c-x", "/api/v1/nothing", "/health")) {
      HttpResponse<String> res = network.net.api().get(path);
      assertThat(res.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(res.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
      assertThat(res.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
          .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval"));
    }
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
