package downcheck.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.agent.AgentVerticle;
import downcheck.model.wire.Codec;
import downcheck.testing.Api;
import downcheck.testing.TargetServer;
import downcheck.testing.TestNetwork;
import downcheck.testing.Wait;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring against the real thing: Prometheus's own promtool accepts the alerting rules
 * and every dashboard query, every metric they name is one a running coordinator and agent expose
 * on /metrics, and rules fed series taken from those scrapes fire as they should.
 */
class MonitoringTest {
  static final Path DIR = Path.of("..", "deploy", "monitoring").toAbsolutePath().normalize();
  static final Path RULES = DIR.resolve("downcheck-rules.yml");
  static final Path DASHBOARD = DIR.resolve("downcheck-dashboard.json");
  /** Series Prometheus makes itself for every target it scrapes, never on /metrics. */
  static final Set<String> PROMETHEUS_OWN = Set.of("up");
  /** What is not a metric name in PromQL: keywords, aggregations' modifiers, bare words before a parenthesis are functions. */
  static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
      "and", "or", "unless", "offset", "inf", "nan");

  static TestNetwork net;
  static String coordinatorScrape;
  static String agentScrape;
  static Path work;

  @BeforeAll
  static void scrapeANetwork() throws IOException {
    net = TestNetwork.start(Duration.ofMillis(1500));
    TargetServer canary = TargetServer.ok(net.vertx());
    AgentVerticle agent = net.startAgent(net.agent("eu-west", "eu-west-a1", null, List.of(canary.url()),
        "--http-port", "0"));
    Api api = net.api();
    try (TargetServer target = TargetServer.ok(net.vertx())) {
      api.awaitFinal(api.submit("{\"target\":\"" + target.url() + "\",\"timeoutMs\":5000}").id(), Duration.ofSeconds(20));
    }
    // a monitor, so its state is on /metrics as it is on any network that has one
    assertThat(api.post("/api/v1/monitors", "{\"target\":\"" + canary.url() + "\",\"intervalSeconds\":3600}")
        .statusCode()).isEqualTo(201);
    // a record that does not parse on the results and checks topics: counted by topic, whose
    // series appear with the first such record
    KafkaProducer<String, String> producer = KafkaProducer.create(net.vertx(), net.kafka().producer("test-garbage"));
    Wait.on(producer.send(KafkaProducerRecord.create("downcheck.results", "garbage", "{not json")));
    Wait.on(producer.send(KafkaProducerRecord.create("downcheck.checks", "garbage", "{not json")));
    producer.close();
    Api agentMetrics = new Api("http://127.0.0.1:" + agent.httpPort());
    await("malformed records counted").atMost(Duration.ofSeconds(20)).until(() ->
        api.get("/metrics").body().contains("downcheck_malformed_records_total{")
            && agentMetrics.get("/metrics").body().contains("downcheck_agent_malformed_records_total{"));
    coordinatorScrape = api.get("/metrics").body();
    agentScrape = agentMetrics.get("/metrics").body();
    work = Files.createDirectories(Path.of("target", "monitoring")); // the scrapes, kept for a failure's reader
    Files.writeString(work.resolve("coordinator.prom"), coordinatorScrape);
    Files.writeString(work.resolve("agent.prom"), agentScrape);
  }

  @AfterAll
  static void stop() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
  }

  @Test
  void promtoolParsesEveryDashboardQuery() throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> exprs = dashboardExprs();
    for (int i = 0; i < exprs.size(); i++) {
      rules.append("      - record: dashboard:panel_").append(i).append("\n        expr: ")
          .append(Codec.toJson(grafanaToPromql(exprs.get(i)))).append('\n');
    }
    Path file = work.resolve("dashboard-queries.yml");
    Files.writeString(file, rules);
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);
    assertThat(promtool("check", "rules", file.toString())).contains("SUCCESS");
  }

  @Test
  void everyMetricTheRulesAndTheDashboardNameIsExposed() throws Exception {
    Set<String> exposed = new TreeSet<>(PROMETHEUS_OWN);
    exposed.addAll(names(coordinatorScrape));
    exposed.addAll(names(agentScrape));
    List<String> exprs = new ArrayList<>(dashboardExprs());
    exprs.addAll(ruleExprs());
    Set<String> used = new TreeSet<>();
    for (String expr : exprs) {
      used.addAll(metricNames(grafanaToPromql(expr)));
    }
    assertThat(used).as("metric names the queries use").hasSizeGreaterThanOrEqualTo(15)
        .contains("downcheck_agent_impaired", "downcheck_live_regions", "downcheck_submits_shed_total");
    assertThat(exposed).as("exposed by a coordinator and an agent (scrapes in " + work + ")").containsAll(used);
  }

  @Test
  void rulesFedTheScrapedSeriesFireWhenAnAgentGoesAndStayQuietWhileAllIsWell() throws Exception {
    String regions = series(coordinatorScrape, "downcheck_live_regions");
    String impaired = series(agentScrape, "downcheck_agent_impaired");
    String kafkaUp = series(coordinatorScrape, "downcheck_kafka_up");
    assertThat(sampleValue(coordinatorScrape, regions)).isEqualTo("1.0");
    assertThat(sampleValue(agentScrape, impaired)).isEqualTo("0.0");
    assertThat(sampleValue(coordinatorScrape, kafkaUp)).isEqualTo("1.0");
    String labelsOfImpaired = impaired.substring(impaired.indexOf('{'));
    // each series as scraped (name, labels, value), then what would follow: the region's last agent
    // gone, the agent impaired; Kafka stays up, so its rule stays quiet
    String test = """
        rule_files:
          - %s
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: '%s'
                values: '1x20 0x20'
              - series: '%s'
                values: '0x10 1x30'
              - series: '%s'
                values: '1x40'
            alert_rule_test:
              - eval_time: 15m
                alertname: DowncheckRegionLostItsLastAgent
                exp_alerts: []
              - eval_time: 25m
                alertname: DowncheckRegionLostItsLastAgent
                exp_alerts:
                  - exp_labels: {severity: critical}
                    exp_annotations:
                      summary: "A region lost its last live agent"
                      description: "1 region(s) had a live agent within the last hour and have none now; checks there are MISSING."
              - eval_time: 9m
                alertname: DowncheckAgentImpaired
                exp_alerts: []
              - eval_time: 20m
                alertname: DowncheckAgentImpaired
                exp_alerts:
                  - exp_labels: {severity: warning, agent: %s}
                    exp_annotations:
                      summary: "Agent %s is impaired"
                      description: "More than half of agent %s's canaries have failed for 5 minutes: its results are kept, flagged, never counted as evidence."
              - eval_time: 30m
                alertname: DowncheckKafkaUnreachable
                exp_alerts: []
        """.formatted(RULES, regions, impaired, kafkaUp, label(labelsOfImpaired, "agent"), label(labelsOfImpaired, "agent"),
        label(labelsOfImpaired, "agent"));
    Path file = work.resolve("rules-test.yml");
    Files.writeString(file, test);
    assertThat(promtool("test", "rules", file.toString())).contains("SUCCESS");
  }

  /** The series line of {@code name} in a scrape: its name and labels as exposed. */
  static String series(String scrape, String name) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        return line.substring(0, line.lastIndexOf(' '));
      }
    }
    throw new AssertionError(name + " is not on /metrics");
  }

  static String sampleValue(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return line.substring(series.length() + 1).strip();
      }
    }
    throw new AssertionError(series + " is not on /metrics");
  }

  static String label(String labels, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
    assertThat(m.find()).as(name + " in " + labels).isTrue();
    return m.group(1);
  }

  /** The metric names of a Prometheus text scrape. */
  static Set<String> names(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  /**
   * The metric names in a PromQL expression: strings, label matchers, grouping lists and ranges
   * removed, what is left of the identifiers that are neither a function (followed by a
   * parenthesis) nor a keyword.
   */
  static Set<String> metricNames(String promql) {
    String s = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
        .replaceAll("\\[[^\\]]*]", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
    while (m.find()) {
      String word = m.group(1);
      if (m.group(2) == null && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }

  /** Grafana's variables as a plain query would have them. */
  static String grafanaToPromql(String expr) {
    return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
        .replaceAll("\\$\\{?region}?", ".*").replaceAll("\\$\\{?instance}?", ".*");
  }

  static List<String> dashboardExprs() throws IOException {
    JsonNode dashboard = Codec.mapper().readTree(DASHBOARD.toFile());
    List<String> exprs = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
    return exprs;
  }

  static List<String> ruleExprs() throws IOException {
    List<String> exprs = new ArrayList<>();
    for (String line : Files.readAllLines(RULES)) {
      String t = line.strip();
      if (t.startsWith("expr:")) {
        exprs.add(t.substring("expr:".length()).strip());
      }
    }
    assertThat(exprs).as("expressions in " + RULES + " (one line each)").hasSizeGreaterThanOrEqualTo(7);
    return exprs;
  }

  /** Runs promtool; its output, or an AssertionError with it when it fails. */
  static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(promtoolPath()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " did not end within 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("promtool " + String.join(" ", args) + "\n" + out).isZero();
    return out;
  }

  /** Debian's promtool (package prometheus); missing, a failure, or a skip only when asked for outside CI. */
  static String promtoolPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File f = new File(dir, "promtool");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!ci && "skip".equals(System.getProperty("downcheck.promtool"))) {
      Assumptions.abort("no promtool, and -Ddowncheck.promtool=skip");
    }
    throw new AssertionError("the monitoring tests need promtool and there is none on the PATH"
        + (ci ? " (CI=true: never skipped)" : "; apt-get install -y prometheus, or skip them with -Ddowncheck.promtool=skip"));
  }
}
