package downcheck.coordinator.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.model.check.ProbeKind;
import downcheck.model.verdict.Assessment;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.Quorum;
import downcheck.model.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentFinalsTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final Duration TTL = Duration.ofHours(1);

  static CheckView check(String id, String target, Instant createdAt, boolean isFinal) {
    Assessment a = new Assessment(Verdict.UP, isFinal, false, 1, "up", null, new Quorum(1, 1, 1, 1), List.of(), List.of());
    ProbeKind kind = target.startsWith("tcp:") ? ProbeKind.TCP : ProbeKind.HTTP;
    return new CheckView(id, target, kind, createdAt, createdAt.plusSeconds(12), false, a);
  }

  @Test
  void onlyFinalChecksWithinTheTtlAreRestoredEachOnce() {
    RecentFinals finals = new RecentFinals(NOW, TTL, 50);

    assertThat(finals.accept(check("c-1", "https://a.example/", NOW.minusSeconds(60), false))).isFalse();
    assertThat(finals.accept(check("c-1", "https://a.example/", NOW.minusSeconds(60), true))).isTrue();
    assertThat(finals.accept(check("c-1", "https://a.example/", NOW.minusSeconds(60), true))).as("a repeat").isFalse();
    assertThat(finals.accept(check("c-old", "https://a.example/", NOW.minus(TTL).minusSeconds(1), true))).isFalse();

    assertThat(finals.checks()).isEqualTo(1);
    assertThat(finals.remainingTtl(check("c-1", "https://a.example/", NOW.minusSeconds(60), true)))
        .isEqualTo(TTL.minusSeconds(60));
  }

  @Test
  void eachHostKeepsItsNewestChecksNewestFirstWhateverTheOrderRead() {
    RecentFinals finals = new RecentFinals(NOW, TTL, 2);
    finals.accept(check("c-2", "https://a.example/x", NOW.minusSeconds(20), true));
    finals.accept(check("c-3", "https://a.example/y", NOW.minusSeconds(10), true));
    finals.accept(check("c-1", "https://a.example/", NOW.minusSeconds(30), true));
    finals.accept(check("c-9", "tcp://b.example:443", NOW.minusSeconds(5), true));

    assertThat(finals.histories().get("a.example")).extracting(CheckView::id).containsExactly("c-3", "c-2");
    assertThat(finals.histories().get("b.example")).extracting(CheckView::id).containsExactly("c-9");
  }
}
