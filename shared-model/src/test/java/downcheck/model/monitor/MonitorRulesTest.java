package downcheck.model.monitor;

import static downcheck.model.monitor.MonitorState.DEGRADED;
import static downcheck.model.monitor.MonitorState.GLOBAL_OUTAGE;
import static downcheck.model.monitor.MonitorState.PENDING;
import static downcheck.model.monitor.MonitorState.REGIONAL_OUTAGE;
import static downcheck.model.monitor.MonitorState.UNKNOWN;
import static downcheck.model.monitor.MonitorState.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import downcheck.model.verdict.Cause;
import downcheck.model.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How final runs move a monitor's state, and which changes are told. */
class MonitorRulesTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final Duration INTERVAL = Duration.ofSeconds(60);
  static final List<MonitorState> OUTAGES = List.of(GLOBAL_OUTAGE, REGIONAL_OUTAGE);
  static final Verdict U = Verdict.UP;
  static final Verdict G = Verdict.GLOBAL_OUTAGE;
  static final Verdict R = Verdict.REGIONAL_OUTAGE;
  static final Verdict D = Verdict.DEGRADED;
  static final Verdict I = Verdict.INCONCLUSIVE;

  /** The states after each run, and the events told, for a run of verdicts. */
  record Played(List<MonitorState> states, List<String> events, MonitorStatus last, List<Boolean> confirmNow) {}

  static Played play(MonitorStatus start, MonitorSpec.Rules rules, Verdict... verdicts) {
    MonitorStatus s = start;
    List<MonitorState> states = new ArrayList<>();
    List<String> events = new ArrayList<>();
    List<Boolean> now = new ArrayList<>();
    for (int i = 0; i < verdicts.length; i++) {
      MonitorRules.Step step = MonitorRules.apply(s, rules, run(i, verdicts[i]), INTERVAL);
      s = step.status();
      states.add(s.state());
      now.add(step.confirmNow());
      if (step.notice() != null) {
        events.add(step.notice().event());
      }
    }
    return new Played(states, events, s, now);
  }

  static Played play(int confirmations, List<MonitorState> notifyOn, Verdict... verdicts) {
    return play(MonitorStatus.fresh(T0), new MonitorSpec.Rules(confirmations, notifyOn, false), verdicts);
  }

  static RunOutcome run(int i, Verdict v) {
    List<String> down = v == G ? List.of("eu-west", "us-east") : v == R ? List.of("eu-west") : List.of();
    int up = v == G || v == I ? 0 : v == R ? 1 : 2;
    return new RunOutcome("c-run" + i, v, T0.plusSeconds(60L * i), down, up,
        v == G || v == R ? Cause.REFUSED : Cause.NONE, "run " + i + " " + v);
  }

  static Stream<Arguments> histories() {
    return Stream.of(
        argumentSet("two UP runs confirm UP, no one is told", 2, OUTAGES, new Verdict[] {U, U},
            List.of(PENDING, UP), List.of()),
        argumentSet("down twice alerts once, up twice tells the recovery once", 2, OUTAGES,
            new Verdict[] {U, U, G, G, G, U, U, U}, List.of(PENDING, UP, UP, GLOBAL_OUTAGE, GLOBAL_OUTAGE, GLOBAL_OUTAGE, UP, UP),
            List.of(Change.DOWN, Change.UP)),
        argumentSet("a target down for one run never alerts", 2, OUTAGES, new Verdict[] {U, U, G, U, U, G, U},
            List.of(PENDING, UP, UP, UP, UP, UP, UP), List.of()),
        argumentSet("inconclusive runs are UNKNOWN, never an outage", 2, OUTAGES, new Verdict[] {U, U, I, I, I},
            List.of(PENDING, UP, UP, UNKNOWN, UNKNOWN), List.of()),
        argumentSet("UNKNOWN in an outage ends nothing: the recovery after it is told", 2, OUTAGES,
            new Verdict[] {U, U, G, G, I, I, U, U},
            List.of(PENDING, UP, UP, GLOBAL_OUTAGE, GLOBAL_OUTAGE, UNKNOWN, UNKNOWN, UP), List.of(Change.DOWN, Change.UP)),
        argumentSet("an outage seen again after UNKNOWN is not told twice", 2, OUTAGES,
            new Verdict[] {G, G, I, I, G, G}, List.of(PENDING, GLOBAL_OUTAGE, GLOBAL_OUTAGE, UNKNOWN, UNKNOWN, GLOBAL_OUTAGE),
            List.of(Change.DOWN)),
        argumentSet("a regional outage is told as regional", 2, OUTAGES, new Verdict[] {U, U, R, R, U, U},
            List.of(PENDING, UP, UP, REGIONAL_OUTAGE, REGIONAL_OUTAGE, UP), List.of(Change.REGIONAL, Change.UP)),
        argumentSet("slowness is told only when asked for", 2, OUTAGES, new Verdict[] {U, U, D, D, U, U},
            List.of(PENDING, UP, UP, DEGRADED, DEGRADED, UP), List.of()),
        argumentSet("slowness asked for is told", 2, List.of(GLOBAL_OUTAGE, DEGRADED), new Verdict[] {U, U, D, D, U, U},
            List.of(PENDING, UP, UP, DEGRADED, DEGRADED, UP), List.of(Change.DEGRADED, Change.UP)),
        argumentSet("global, then regional no one asked about, then up: the recovery is still told", 2,
            List.of(GLOBAL_OUTAGE), new Verdict[] {U, U, G, G, R, R, U, U},
            List.of(PENDING, UP, UP, GLOBAL_OUTAGE, GLOBAL_OUTAGE, REGIONAL_OUTAGE, REGIONAL_OUTAGE, UP),
            List.of(Change.DOWN, Change.UP)),
        argumentSet("global then regional, both asked: each told", 2, OUTAGES, new Verdict[] {G, G, R, R, U, U},
            List.of(PENDING, GLOBAL_OUTAGE, GLOBAL_OUTAGE, REGIONAL_OUTAGE, REGIONAL_OUTAGE, UP),
            List.of(Change.DOWN, Change.REGIONAL, Change.UP)),
        argumentSet("one confirmation: each run decides", 1, OUTAGES, new Verdict[] {U, G, U},
            List.of(UP, GLOBAL_OUTAGE, UP), List.of(Change.DOWN, Change.UP)),
        argumentSet("three confirmations: two down runs are not enough", 3, OUTAGES, new Verdict[] {U, U, U, G, G, U},
            List.of(PENDING, PENDING, UP, UP, UP, UP), List.of()));
  }

  @ParameterizedTest
  @MethodSource("histories")
  void aStateChangesAfterConfirmationsAgreeingRuns(int confirmations, List<MonitorState> notifyOn, Verdict[] verdicts,
      List<MonitorState> states, List<String> events) {
    Played p = play(confirmations, notifyOn, verdicts);
    assertThat(p.states()).isEqualTo(states);
    assertThat(p.events()).isEqualTo(events);
  }

  @Test
  void aDisagreeingRunAsksForTheConfirmingRunAtOnce() {
    Played p = play(2, OUTAGES, U, U, G, G);
    assertThat(p.confirmNow()).containsExactly(true, false, true, false);
    MonitorRules.Step step = MonitorRules.apply(play(2, OUTAGES, U, U).last(), new MonitorSpec.Rules(2, OUTAGES, false),
        run(5, G), INTERVAL);
    assertThat(step.status().schedule().nextRunAt()).isEqualTo(run(5, G).at());
  }

  @Test
  void aRunAppliedTwiceCountsOnce() {
    MonitorSpec.Rules rules = new MonitorSpec.Rules(2, OUTAGES, false);
    MonitorStatus once = MonitorRules.apply(MonitorStatus.fresh(T0), rules, run(1, G), INTERVAL).status();
    MonitorRules.Step again = MonitorRules.apply(once, rules, run(1, G), INTERVAL);
    assertThat(again.status()).isEqualTo(once);
    assertThat(again.status().pending().runs()).isEqualTo(1);
  }

  @Test
  void anIncidentRecordsStartEndCauseAndRegions() {
    Played p = play(2, OUTAGES, U, U, R, R, U, U);
    Incident incident = p.last().changes().incidents().get(0);
    assertThat(incident.kind()).isEqualTo(REGIONAL_OUTAGE);
    assertThat(incident.startedAt()).isEqualTo(run(2, R).at());
    assertThat(incident.endedAt()).isEqualTo(run(4, U).at());
    assertThat(incident.regions()).containsExactly("eu-west");
    assertThat(incident.cause()).isEqualTo(Cause.REFUSED);
    assertThat(p.last().openIncident()).isNull();
  }

  @Test
  void anIncidentNamesTheRegionsEveryConfirmingRunSawItDownIn() {
    MonitorSpec.Rules rules = new MonitorSpec.Rules(2, OUTAGES, false);
    MonitorStatus s = play(2, OUTAGES, U, U).last();
    s = MonitorRules.apply(s, rules, new RunOutcome("c-a", G, T0.plusSeconds(500), List.of("eu-west", "us-east"), 0,
        Cause.REFUSED, "all"), INTERVAL).status();
    // the confirming run heard nothing from eu-west in time
    s = MonitorRules.apply(s, rules, new RunOutcome("c-b", G, T0.plusSeconds(501), List.of("us-east"), 0,
        Cause.REFUSED, "one missing"), INTERVAL).status();
    assertThat(s.openIncident().regions()).containsExactly("eu-west", "us-east");
  }

  @Test
  void eachToldChangeHasItsOwnDeliveryIdAndWaitsInTheOutboxUntilDelivered() {
    Played p = play(2, OUTAGES, G, G, U, U);
    assertThat(p.last().changes().outbox()).extracting(c -> c.deliveryId("m-abc")).containsExactly("d-abc-1", "d-abc-2");
    assertThat(p.last().changes().outbox().get(1).incident().endedAt()).isNotNull();
    assertThat(p.last().delivered(1).changes().outbox()).extracting(Change::seq).containsExactly(2L);
  }

  @Test
  void aWatchTellsOnlyTheRecoveryThenEnds() {
    MonitorStatus outage = new MonitorStatus(new MonitorStatus.Confirmed(GLOBAL_OUTAGE, T0, GLOBAL_OUTAGE, true),
        MonitorStatus.Streak.NONE, null, MonitorStatus.Schedule.due(T0),
        new MonitorStatus.Changes(0, List.of(new Incident("i-1", GLOBAL_OUTAGE, T0, null, List.of(), Cause.REFUSED, "down")),
            List.of()), Uptime.empty(), false);
    Played p = play(outage, new MonitorSpec.Rules(2, OUTAGES, true), G, R, R, U, U);
    assertThat(p.events()).containsExactly(Change.UP);
    assertThat(p.last().ended()).isTrue();
  }

  @Test
  void uptimeCountsTheShareOfRegionsUpAndSkipsInconclusiveRuns() {
    Uptime u = Uptime.empty().with(T0, 1.0).with(T0.plusSeconds(60), 0.0).with(T0.plusSeconds(120), 0.5)
        .with(T0.plusSeconds(180), null);
    assertThat(u.ratio(T0.plusSeconds(200), Duration.ofHours(24))).isEqualTo(0.5);
    Uptime old = Uptime.empty().with(T0.minus(Duration.ofDays(3)), 0.0).with(T0, 1.0);
    assertThat(old.ratio(T0, Duration.ofHours(24))).isEqualTo(1.0);
    assertThat(old.ratio(T0, Duration.ofDays(7))).isEqualTo(0.5);
    assertThat(Uptime.empty().with(T0.minus(Duration.ofDays(31)), 0.0).with(T0, 1.0).buckets()).hasSize(1);
  }

  @Test
  void theStateTravelsAsJsonUnchanged() {
    MonitorStatus s = play(2, OUTAGES, U, U, R, R, U).last();
    assertThat(downcheck.model.wire.Codec.fromJson(downcheck.model.wire.Codec.toJson(s), MonitorStatus.class)).isEqualTo(s);
    assertThat(downcheck.model.wire.Codec.toJson(s.lastCheck())).contains("\"final\":true");
    assertThat(downcheck.model.wire.Codec.toJson(s.changes().incidents().get(0))).doesNotContain("\"open\"");
  }
}
