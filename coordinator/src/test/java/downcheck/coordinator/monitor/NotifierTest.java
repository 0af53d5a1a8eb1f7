package downcheck.coordinator.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.monitor.Change;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.Incident;
import downcheck.model.monitor.LastCheck;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorState;
import downcheck.model.verdict.Cause;
import downcheck.model.verdict.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a notification says, without sending one. */
class NotifierTest {
  static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
  static final MonitorSpec SPEC = new MonitorSpec("m-abc", "shop", "https://shop.example/", null, List.of(), 1000, 2000,
      null, 60, 2, List.of(MonitorState.GLOBAL_OUTAGE), List.of(new Channel("slack", "https://hooks.example/x", "k")),
      null, T, false, null);

  @Test
  void theSlackTextSaysWhatHappenedWhereInOneSentence() {
    LastCheck check = new LastCheck("c-1", Verdict.REGIONAL_OUTAGE, true, T, "shop.example is down in eu-west");
    Incident incident = new Incident("i-1", MonitorState.REGIONAL_OUTAGE, T, null, List.of("eu-west"), Cause.REFUSED, "");
    assertThat(Notifier.text(SPEC, new Change(1, Change.REGIONAL, MonitorState.UP, MonitorState.REGIONAL_OUTAGE, incident,
        check, T))).isEqualTo("shop (https://shop.example/) is down in eu-west: shop.example is down in eu-west");
    assertThat(Notifier.text(SPEC, new Change(2, Change.UP, MonitorState.REGIONAL_OUTAGE, MonitorState.UP, incident,
        check, T))).startsWith("shop (https://shop.example/) is back up");
    assertThat(Notifier.text(SPEC, new Change(3, Change.CERTIFICATE_EXPIRING, MonitorState.UP, MonitorState.UP, null,
        null, java.time.Instant.EPOCH, new downcheck.model.monitor.CertificateSeen(5, List.of("eu-west"), true))))
        .endsWith("its TLS certificate expires in 5 days (seen from eu-west)");
  }

  @Test
  void deliveryIdsAreStablePerChangeAndDifferBetweenChanges() {
    Change first = new Change(1, Change.DOWN, MonitorState.UP, MonitorState.GLOBAL_OUTAGE, null, null, T);
    Change second = new Change(2, Change.UP, MonitorState.GLOBAL_OUTAGE, MonitorState.UP, null, null, T);
    assertThat(first.deliveryId("m-abc")).isEqualTo("d-abc-1").isEqualTo(first.deliveryId("m-abc"));
    assertThat(second.deliveryId("m-abc")).isNotEqualTo(first.deliveryId("m-abc"));
  }

  @Test
  void theBadgeEscapesTheNameAndColoursTheState() {
    String svg = Badge.svg("<shop & co>", MonitorState.GLOBAL_OUTAGE);
    assertThat(svg).startsWith("<svg").contains("&lt;shop &amp; co&gt;").contains("down").contains("#c62828")
        .doesNotContain("<shop");
  }
}
