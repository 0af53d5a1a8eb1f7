package downcheck.coordinator.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.monitor.Incident;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorState;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.monitor.StatusPage;
import downcheck.model.monitor.Uptime;
import downcheck.model.verdict.Cause;
import downcheck.model.wire.Codec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What a public status page shows of its monitors, and its Atom feed. */
class StatusSummaryTest {
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  static final String ATOM = "http://www.w3.org/2005/Atom";

  static Stream<Arguments> overall() {
    return Stream.of(
        argumentSet("all up", List.of(MonitorState.UP, MonitorState.UP), "OPERATIONAL"),
        argumentSet("one of two down everywhere", List.of(MonitorState.UP, MonitorState.GLOBAL_OUTAGE), "PARTIAL_OUTAGE"),
        argumentSet("every one down everywhere", List.of(MonitorState.GLOBAL_OUTAGE), "MAJOR_OUTAGE"),
        argumentSet("down in a region", List.of(MonitorState.REGIONAL_OUTAGE, MonitorState.UP), "PARTIAL_OUTAGE"),
        argumentSet("slow", List.of(MonitorState.DEGRADED, MonitorState.UP), "DEGRADED"),
        argumentSet("one not seen yet", List.of(MonitorState.PENDING, MonitorState.UP), "UNKNOWN"),
        argumentSet("an outage outweighs one not seen", List.of(MonitorState.UNKNOWN, MonitorState.GLOBAL_OUTAGE),
            "PARTIAL_OUTAGE"));
  }

  @ParameterizedTest
  @MethodSource
  void overall(List<MonitorState> states, String expected) {
    assertThat(StatusSummary.overall(states.stream().map(s -> new StatusSummary.Shown("x", null, s, NOW, null, List.of()))
        .toList())).isEqualTo(expected);
  }

  @Test
  void anUnnamedMonitorIsNeverShownByItsTargetUnlessThePageChoseToShowTargets() {
    MonitorSpec unnamed = spec("m-1", null, "https://internal.example/health?token=s3cret");
    Map<String, MonitorSpec> specs = Map.of("m-1", unnamed);
    StatusSummary hidden = StatusSummary.of(page(false, "m-1"), specs::get, id -> null, NOW);
    assertThat(hidden.monitors().get(0).name()).isEqualTo("Service 1");
    assertThat(Codec.toJson(hidden)).doesNotContain("internal.example").doesNotContain("s3cret").doesNotContain("m-1");
    StatusSummary shown = StatusSummary.of(page(true, "m-1"), specs::get, id -> null, NOW);
    assertThat(shown.monitors().get(0).target()).isEqualTo("https://internal.example/health?…");
    assertThat(Codec.toJson(shown)).doesNotContain("s3cret");
  }

  @Test
  void theFeedIsAtomTheJdkParsesWithEveryNameEscaped() throws Exception {
    String hostile = "Shop <script>alert('x')</script> & \"co\" \u0001";
    MonitorSpec spec = spec("m-1", hostile, "https://shop.example/");
    Uptime uptime = Uptime.empty().with(NOW.minus(Duration.ofDays(1)), 0.5).with(NOW, 1.0);
    List<Incident> incidents = List.of(
        new Incident("i-2", MonitorState.GLOBAL_OUTAGE, NOW.minusSeconds(600), null, List.of("eu-west", "us-east"),
            Cause.REFUSED, "shop.example is down"),
        new Incident("i-1", MonitorState.REGIONAL_OUTAGE, NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(1))
            .plusSeconds(300), List.of("eu-west"), Cause.UNREACHABLE, "shop.example is down in eu-west"));
    MonitorStatus status = new MonitorStatus(new MonitorStatus.Confirmed(MonitorState.GLOBAL_OUTAGE, NOW.minusSeconds(600),
        MonitorState.GLOBAL_OUTAGE, true), null, null, null, new MonitorStatus.Changes(2, incidents, List.of()), uptime, false);
    StatusSummary summary = StatusSummary.of(new StatusPage("acme", "Acme & <Co>", List.of("m-1"), false, "o", NOW, NOW),
        Map.of("m-1", spec)::get, Map.of("m-1", status)::get, NOW);
    assertThat(summary.monitors().get(0).daily().subList(88, 90)).containsExactly(0.5, 1.0);
    assertThat(summary.incidents()).extracting(StatusSummary.ShownIncident::kind)
        .containsExactly(MonitorState.GLOBAL_OUTAGE, MonitorState.REGIONAL_OUTAGE);
    assertThat(Codec.toJson(summary)).as("no incident id: it names the check, whose page shows the target")
        .doesNotContain("i-2").doesNotContain("shop.example");

    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document feed = f.newDocumentBuilder().parse(new ByteArrayInputStream(AtomFeed.of(summary).getBytes(StandardCharsets.UTF_8)));
    Element root = feed.getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
    assertThat(root.getLocalName()).isEqualTo("feed");
    assertThat(text(root, "title")).isEqualTo("Acme & <Co> status");
    assertThat(text(root, "id")).startsWith("urn:uuid:");
    assertThat(Instant.parse(text(root, "updated"))).isEqualTo(NOW.minusSeconds(600));
    var entries = root.getElementsByTagNameNS(ATOM, "entry");
    assertThat(entries.getLength()).isEqualTo(2);
    Element first = (Element) entries.item(0);
    assertThat(text(first, "title")).isEqualTo("Global outage: Shop <script>alert('x')</script> & \"co\" ");
    assertThat(text(first, "content")).contains("still going on").contains("eu-west, us-east").contains("Refused");
    assertThat(text((Element) entries.item(1), "title")).startsWith("Resolved: Regional outage");
    assertThat(text(first, "id")).isNotEqualTo(text((Element) entries.item(1), "id"));
  }

  private static String text(Element parent, String name) {
    return parent.getElementsByTagNameNS(ATOM, name).item(0).getTextContent();
  }

  private static StatusPage page(boolean showTargets, String... ids) {
    return new StatusPage("acme", "Acme", Arrays.asList(ids), showTargets, "owner", NOW, NOW);
  }

  private static MonitorSpec spec(String id, String name, String target) {
    return new MonitorSpec(id, name, target, null, List.of(), 1000, 2000, null, 60, 2, List.of(), List.of(), "owner", NOW,
        false, null);
  }
}
