package downcheck.pages;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.testing.Browser;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** What the pages' tests share: a network of three regions and one browser per test class. */
abstract class PageTest {
  static final Duration FINAL_WITHIN = Duration.ofSeconds(20);

  static ThreeRegions network;
  static Browser browser;

  @BeforeAll
  static void startNetworkAndBrowser() {
    network = new ThreeRegions();
    browser = Browser.start();
  }

  /** The pages run under the coordinator's Content-Security-Policy: nothing they do may be refused. */
  @AfterEach
  void noContentSecurityPolicyViolation() {
    assertThat(browser.cspViolations()).isEmpty();
  }

  @AfterAll
  static void stopNetworkAndBrowser() {
    if (browser != null) {
      browser.close();
    }
    if (network != null) {
      network.close();
    }
  }
}
