package downcheck.model.monitor;

import downcheck.model.check.CheckIds;
import downcheck.model.monitor.MonitorStatus.Changes;
import downcheck.model.monitor.MonitorStatus.Confirmed;
import downcheck.model.monitor.MonitorStatus.Schedule;
import downcheck.model.monitor.MonitorStatus.Streak;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How a final run moves a monitor: its state changes only after {@code confirmations}
 * consecutive runs agree on a new state; a run that disagrees asks for the confirming run at
 * once. INCONCLUSIVE runs lead to UNKNOWN, which ends no incident and alerts no one. Pure code:
 * it runs inside the Hazelcast entry that holds the state, so each change is decided once.
 */
public final class MonitorRules {
  public static final int MAX_INCIDENTS = 50;

  private MonitorRules() {}

  /**
   * The state after one final run.
   *
   * @param status   the state now
   * @param changed  the confirmed state changed (a {@code state} event for live streams)
   * @param notice   the change to notify, or null
   * @param confirmNow the run disagreed and is not yet confirmed: run again at once
   */
  public record Step(MonitorStatus status, boolean changed, Change notice, boolean confirmNow) {}

  /** Applies a final run; a run already applied (same check id) changes nothing. */
  public static Step apply(MonitorStatus s, MonitorSpec.Rules rules, RunOutcome run, Duration interval) {
    if (s.lastCheck() != null && s.lastCheck().id().equals(run.checkId())) {
      return new Step(s, false, null, false);
    }
    Step step = state(s, rules, run, interval);
    MonitorStatus kept = step.status().withMaintenance(s.maintenance()).withCertificate(s.certificate());
    return certificate(new Step(kept, step.changed(), step.notice(), step.confirmNow()), rules, run);
  }

  private static Step state(MonitorStatus s, MonitorSpec.Rules rules, RunOutcome run, Duration interval) {
    Instant now = run.at();
    LastCheck last = new LastCheck(run.checkId(), run.verdict(), true, now, run.summary());
    // time in maintenance is not counted in uptime
    Uptime uptime = s.inMaintenance() ? s.uptime() : s.uptime().with(now, run.upShare());
    MonitorState seen = MonitorState.of(run.verdict());
    Instant next = now.plus(interval);
    if (seen == s.state()) {
      Changes changes = s.changes().withIncidents(refreshOpen(s.changes().incidents(), seen, run));
      return new Step(new MonitorStatus(s.confirmed(), Streak.NONE, last, Schedule.due(next), changes, uptime, s.ended()),
          false, null, false);
    }
    Streak before = s.pending();
    boolean sameStreak = seen == before.candidate();
    int streak = sameStreak ? before.runs() + 1 : 1;
    Instant from = sameStreak && before.from() != null ? before.from() : now;
    List<String> down = new ArrayList<>(sameStreak ? before.down() : List.of());
    run.downRegions().stream().filter(r -> !down.contains(r)).forEach(down::add);
    if (streak < rules.confirmations()) {
      return new Step(new MonitorStatus(s.confirmed(), new Streak(seen, streak, from, down), last, Schedule.due(now),
          s.changes(), uptime, s.ended()), false, null, true);
    }
    return confirmed(s, rules, run, seen, from, down, last, uptime, next);
  }

  /** The runs agreed on {@code seen}: the state changes, and maybe the condition, its incident and a notice. */
  private static Step confirmed(MonitorStatus s, MonitorSpec.Rules rules, RunOutcome run, MonitorState seen,
      Instant from, List<String> down, LastCheck last, Uptime uptime, Instant next) {
    Confirmed was = s.confirmed();
    if (seen == MonitorState.UNKNOWN || seen == was.condition()) {
      // the network could not see (nothing ends, no one is told), or it sees again what it saw before
      Changes changes = s.changes().withIncidents(refreshOpen(s.changes().incidents(), seen, run));
      return new Step(new MonitorStatus(new Confirmed(seen, from, was.condition(), was.alerted()), Streak.NONE, last,
          Schedule.due(next), changes, uptime, s.ended()), true, null, false);
    }
    List<Incident> incidents = new ArrayList<>(s.changes().incidents());
    Incident open = s.openIncident();
    if (open != null) {
      incidents.set(0, open.endedAt(from));
    }
    Incident opened = null;
    if (seen.isIncident()) {
      // where the runs that confirmed it saw it down: one of them may have missed a region
      opened = new Incident("i-" + CheckIds.withoutPrefix(run.checkId()), seen, from, null, down,
          run.cause(), run.summary());
      incidents.add(0, opened);
    }
    while (incidents.size() > MAX_INCIDENTS) {
      incidents.remove(incidents.size() - 1);
    }
    // in maintenance no one is told: the channels still know what they knew, told on leaving if it differs
    String event = s.inMaintenance() ? null : event(s, rules, seen);
    // an episode of trouble stays alerted through changes no one asked about, until its recovery is told
    boolean alerted = s.inMaintenance() ? was.alerted()
        : event == null ? seen.isIncident() && was.alerted() : !Change.UP.equals(event);
    long seq = s.changes().seq();
    List<Change> outbox = s.changes().outbox();
    boolean ended = s.ended();
    if (event != null) {
      seq++;
      Incident about = opened != null && !Change.UP.equals(event) ? opened : open == null ? null : open.endedAt(from);
      outbox = new ArrayList<>(outbox);
      outbox.add(new Change(seq, event, was.condition(), seen, about, last, from));
      ended = rules.watch() && Change.UP.equals(event);
    }
    MonitorStatus after = new MonitorStatus(new Confirmed(seen, from, seen, alerted), Streak.NONE, last, Schedule.due(next),
        new Changes(seq, incidents, outbox), uptime, ended);
    return new Step(after, true, event == null ? null : outbox.get(outbox.size() - 1), false);
  }

  /**
   * The state as the maintenance under way at {@code at} has it ({@code span}; null: none).
   * Entering one holds the condition the channels knew; leaving it, when the runs confirmed
   * another condition meanwhile, that change is told once, as if it had happened now (an outage
   * still on is told; a recovery is told only when the outage was). Returns {@code s} itself
   * when nothing changes.
   */
  public static MonitorStatus maintenance(MonitorStatus s, MonitorSpec.Rules rules, MaintenanceWindow.Span span,
      Instant at) {
    MonitorStatus.Hold hold = s.maintenance();
    if (span != null) {
      if (hold == null) {
        return s.withMaintenance(new MonitorStatus.Hold(span.start(), span.end(), s.confirmed().condition()));
      }
      return hold.until().equals(span.end()) ? s
          : s.withMaintenance(new MonitorStatus.Hold(hold.since(), span.end(), hold.condition()));
    }
    if (hold == null) {
      return s;
    }
    MonitorStatus out = s.withMaintenance(null);
    Confirmed was = s.confirmed();
    MonitorState now = was.condition();
    if (now == hold.condition()) {
      return out;
    }
    String event = event(s, rules, now);
    boolean alerted = event == null ? now.isIncident() && was.alerted() : !Change.UP.equals(event);
    Confirmed confirmed = new Confirmed(was.state(), was.since(), now, alerted);
    Changes changes = s.changes();
    boolean ended = s.ended();
    if (event != null) {
      List<Incident> incidents = changes.incidents();
      Incident about = Change.UP.equals(event) ? (incidents.isEmpty() ? null : incidents.get(0)) : s.openIncident();
      List<Change> outbox = new ArrayList<>(changes.outbox());
      outbox.add(new Change(changes.seq() + 1, event, hold.condition(), now, about, s.lastCheck(), at));
      changes = new Changes(changes.seq() + 1, incidents, outbox);
      ended = ended || (rules.watch() && Change.UP.equals(event));
    }
    return new MonitorStatus(confirmed, s.pending(), s.lastCheck(), s.schedule(), changes, s.uptime(), ended, null,
        s.certificate());
  }

  /**
   * The certificate the run saw: at or below {@code certExpiryDays} days left, told once (not in
   * maintenance: then at the first run after it); beyond them, re-armed. A run that saw none
   * (not https, or no handshake) keeps what was seen before.
   */
  static Step certificate(Step step, MonitorSpec.Rules rules, RunOutcome run) {
    Map<String, Integer> seen = run.certDaysLeft();
    if (seen.isEmpty()) {
      return step;
    }
    MonitorStatus s = step.status();
    int fewest = Collections.min(seen.values());
    Integer threshold = rules.certExpiryDays();
    boolean close = threshold != null && fewest <= threshold;
    List<String> regions = seen.entrySet().stream().filter(e -> !close || e.getValue() <= threshold)
        .map(Map.Entry::getKey).sorted().toList();
    boolean told = s.certificate() != null && s.certificate().told();
    if (!close || told || s.inMaintenance()) {
      return new Step(s.withCertificate(new CertificateSeen(fewest, regions, close && told)), step.changed(),
          step.notice(), step.confirmNow());
    }
    CertificateSeen now = new CertificateSeen(fewest, regions, true);
    Changes changes = s.changes();
    List<Change> outbox = new ArrayList<>(changes.outbox());
    MonitorState condition = s.confirmed().condition();
    Change notice = new Change(changes.seq() + 1, Change.CERTIFICATE_EXPIRING, condition, condition, null,
        s.lastCheck(), run.at(), now);
    outbox.add(notice);
    MonitorStatus after = new MonitorStatus(s.confirmed(), s.pending(), s.lastCheck(), s.schedule(),
        new Changes(changes.seq() + 1, changes.incidents(), outbox), s.uptime(), s.ended(), s.maintenance(), now);
    return new Step(after, step.changed(), step.notice() == null ? notice : step.notice(), step.confirmNow());
  }

  /**
   * The event of a confirmed change of condition, or null: a state the monitor asks to be told
   * of; or, once an outage of this episode was told, the recovery (to UP, or to a slowness no
   * one asked about). A temporary monitor tells only the recovery.
   */
  static String event(MonitorStatus s, MonitorSpec.Rules rules, MonitorState seen) {
    boolean asked = rules.notifyOn().contains(seen) && seen.event() != null;
    if (asked && !rules.watch()) {
      return seen.event();
    }
    boolean recovered = seen == MonitorState.UP || (seen == MonitorState.DEGRADED && !asked);
    return recovered && s.confirmed().alerted() ? Change.UP : null;
  }

  /** The open incident of this same state, with the regions the latest run saw down added. */
  private static List<Incident> refreshOpen(List<Incident> incidents, MonitorState seen, RunOutcome run) {
    if (incidents.isEmpty() || !incidents.get(0).isOpen() || incidents.get(0).kind() != seen) {
      return incidents;
    }
    Incident open = incidents.get(0);
    List<String> regions = new ArrayList<>(open.regions());
    run.downRegions().stream().filter(r -> !regions.contains(r)).forEach(regions::add);
    if (regions.equals(open.regions())) {
      return incidents;
    }
    List<Incident> out = new ArrayList<>(incidents);
    out.set(0, new Incident(open.id(), open.kind(), open.startedAt(), null, regions, open.cause(), open.summary()));
    return out;
  }
}
