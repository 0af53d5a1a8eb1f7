package downcheck.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium driven by Selenium, for the web pages' tests. The browser and its
 * driver are the distribution's (named by path, so Selenium never tries to download one); a
 * missing one fails the test with the command that installs it, never skips it.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Dimension DESKTOP = new Dimension(1280, 1000);
  /** A common phone's CSS width. */
  public static final int PHONE_WIDTH = 390;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  /** Content-Security-Policy violations read from the log and not yet asked for (few: each fails a test). */
  private final List<String> violations = new ArrayList<>();
  private boolean phone;

  private Browser(ChromeDriver driver, ChromeDriverService service) {
    this.driver = driver;
    this.service = service;
  }

  public static Browser start() {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException("The web pages' tests need a real browser, and " + p + " is missing: "
            + "apt-get install -y chromium chromium-driver");
      }
    }
    try {
      // each session leaves a profile folder in TMPDIR: keep them in target/, cleaned with the build
      Path tmp = Files.createDirectories(Path.of("target", "chromium-tmp")).toAbsolutePath();
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile())
          .usingAnyFreePort()
          .withEnvironment(Map.of("TMPDIR", tmp.toString()))
          .build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      // root needs --no-sandbox; the rest keeps the browser off the network but for the pages under test
      options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
          "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      return new Browser(new ChromeDriver(service, options), service);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  public String path() {
    return (String) driver.executeScript("return location.pathname + location.search");
  }

  /** Waits for the condition, checking often: the pages update within milliseconds of an event. */
  public <T> T await(Duration within, ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, within, Duration.ofMillis(50)).until(condition);
  }

  public WebElement awaitElement(Duration within, String css) {
    return await(within, d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() ? null : found.get(0);
    });
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  /**
   * The console's errors since the last call, less those the predicate excuses. A
   * Content-Security-Policy violation is never excused: it is kept for {@link #cspViolations()}.
   */
  public List<String> consoleErrors(Predicate<String> excused) {
    return readLog().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(excused.negate())
        .toList();
  }

  /**
   * Every Content-Security-Policy violation the pages caused since the last call. Chromium logs
   * each one to the console as it refuses ("Refused to ... because it violates the following
   * Content Security Policy directive"), from the page's first byte on, inline handlers included.
   */
  public List<String> cspViolations() {
    readLog();
    List<String> out = List.copyOf(violations);
    violations.clear();
    return out;
  }

  /** The browser's log since it was last read (reading empties it), its violations kept aside. */
  private List<LogEntry> readLog() {
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    entries.stream().map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).forEach(violations::add);
    return entries;
  }

  public List<String> consoleErrors() {
    return consoleErrors(m -> false);
  }

  /** Phone width, by the device metrics a phone reports (a window cannot be made that narrow). */
  public void phone() {
    phone = true;
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", PHONE_WIDTH, "height", 844, "deviceScaleFactor", 2, "mobile", true));
  }

  public void desktop() {
    phone = false;
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /**
   * True when the page is wider than the screen, i.e. it scrolls sideways. Measured against the
   * screen's width, not the window's: a mobile browser widens its layout viewport to the content.
   */
  public boolean scrollsSideways() {
    long width = phone ? PHONE_WIDTH : DESKTOP.width;
    return (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth") > width;
  }

  /** Saves what the browser shows as target/screenshots/NAME.png, the whole page high. */
  public Path screenshot(String name) {
    try {
      Long height = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
      int width = phone ? PHONE_WIDTH : DESKTOP.width;
      // capture the full page, not just the first screen
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
          "height", Math.min(height, 4000), "deviceScaleFactor", phone ? 2 : 1, "mobile", phone));
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Path to = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
      Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
      if (phone) {
        phone();
      } else {
        desktop();
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
