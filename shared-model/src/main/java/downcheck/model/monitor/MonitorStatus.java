package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A monitor's live state (in Hazelcast, one entry per monitor; a copy of each change on the
 * compacted {@code downcheck.monitors}, which a full restart rebuilds from). It is composed of
 * groups, but travels as one flat object with the keys it has always had: each group is
 * unwrapped into it, and Jackson reads them back through the constructors (as
 * {@code CheckView} does its assessment).
 *
 * @param confirmed the state the runs confirmed
 * @param pending   the latest runs disagreeing with it: a streak towards a state not confirmed yet
 * @param lastCheck the latest final run, or null before the first
 * @param schedule  the run in progress and when the next is due
 * @param changes   what changed: incidents, and the changes to notify
 * @param uptime    the up share of the runs, by the hour
 * @param ended     a temporary monitor that has done its job
 * @param maintenance the maintenance under way, or null
 * @param certificate the certificate the latest run over TLS saw, or null
 */
public record MonitorStatus(
    @JsonUnwrapped Confirmed confirmed,
    @JsonUnwrapped Streak pending,
    LastCheck lastCheck,
    @JsonUnwrapped Schedule schedule,
    @JsonUnwrapped Changes changes,
    Uptime uptime,
    boolean ended,
    @JsonInclude(JsonInclude.Include.NON_NULL) Hold maintenance,
    @JsonInclude(JsonInclude.Include.NON_NULL) CertificateSeen certificate) {

  /**
   * @param state     the confirmed state
   * @param since     when the run that started it ran
   * @param condition the last conclusive state (UNKNOWN does not change it: the network not seeing ends no outage)
   * @param alerted   an outage or slowness of this episode was notified, so its end will be
   */
  public record Confirmed(MonitorState state, Instant since, MonitorState condition, boolean alerted) {}

  /**
   * Consecutive final runs that saw another state than the confirmed one.
   *
   * @param candidate the state they saw, or null when the latest run agreed
   * @param runs      how many of them
   * @param from      when the first of them ran
   * @param down      the regions they saw the target down in
   */
  public record Streak(
      MonitorState candidate,
      @JsonProperty("streak") int runs,
      @JsonProperty("streakFrom") Instant from,
      @JsonProperty("streakDown") List<String> down) {
    /** The latest run agreed with the confirmed state. */
    public static final Streak NONE = new Streak(null, 0, null, List.of());

    public Streak {
      down = down == null ? List.of() : List.copyOf(down);
    }
  }

  /**
   * @param inFlight  the run in progress (a check id), or null
   * @param nextRunAt when the next run is due
   */
  public record Schedule(String inFlight, Instant nextRunAt) {
    /** No run in progress, the next due {@code at}. */
    public static Schedule due(Instant at) {
      return new Schedule(null, at);
    }
  }

  /**
   * @param seq       how many changes were notified; numbers delivery ids
   * @param incidents newest first, at most {@link MonitorRules#MAX_INCIDENTS}; the first may be open
   * @param outbox    changes decided but not yet delivered (at least once: whoever schedules delivers them)
   */
  public record Changes(long seq, List<Incident> incidents, List<Change> outbox) {
    public static final Changes NONE = new Changes(0, List.of(), List.of());

    public Changes {
      incidents = incidents == null ? List.of() : List.copyOf(incidents);
      outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    public Changes withIncidents(List<Incident> incidents) {
      return new Changes(seq, incidents, outbox);
    }
  }

  /**
   * A maintenance under way (docs/monitors.md, Maintenance): runs go on, no one is told.
   *
   * @param since     when it began
   * @param until     when it ends (windows that follow without a gap included)
   * @param condition the condition the channels knew of when it began: leaving, a different one is told once
   */
  public record Hold(Instant since, Instant until, MonitorState condition) {}

  @JsonCreator
  public MonitorStatus {
    Objects.requireNonNull(confirmed, "confirmed");
    pending = pending == null ? Streak.NONE : pending;
    schedule = schedule == null ? new Schedule(null, null) : schedule;
    changes = changes == null ? Changes.NONE : changes;
    uptime = uptime == null ? Uptime.empty() : uptime;
  }

  /** A state outside maintenance, no certificate seen. */
  public MonitorStatus(Confirmed confirmed, Streak pending, LastCheck lastCheck, Schedule schedule, Changes changes,
      Uptime uptime, boolean ended) {
    this(confirmed, pending, lastCheck, schedule, changes, uptime, ended, null, null);
  }

  /** A new monitor: PENDING, first run due at once. */
  public static MonitorStatus fresh(Instant now) {
    return new MonitorStatus(new Confirmed(MonitorState.PENDING, now, MonitorState.PENDING, false), Streak.NONE, null,
        Schedule.due(now), Changes.NONE, Uptime.empty(), false);
  }

  /** True while a maintenance is under way. */
  public boolean inMaintenance() {
    return maintenance != null;
  }

  /** The same state in, or (null) out of, maintenance. */
  public MonitorStatus withMaintenance(Hold hold) {
    return new MonitorStatus(confirmed, pending, lastCheck, schedule, changes, uptime, ended, hold, certificate);
  }

  public MonitorStatus withCertificate(CertificateSeen seen) {
    return new MonitorStatus(confirmed, pending, lastCheck, schedule, changes, uptime, ended, maintenance, seen);
  }

  /** The confirmed state. */
  public MonitorState state() {
    return confirmed.state();
  }

  /** The open incident, or null. */
  public Incident openIncident() {
    List<Incident> incidents = changes.incidents();
    return incidents.isEmpty() || !incidents.get(0).isOpen() ? null : incidents.get(0);
  }

  public MonitorStatus withInFlight(String checkId) {
    return with(new Schedule(checkId, schedule.nextRunAt()));
  }

  public MonitorStatus withNextRunAt(Instant at) {
    return with(new Schedule(schedule.inFlight(), at));
  }

  /** Without the delivered change. */
  public MonitorStatus delivered(long changeSeq) {
    return new MonitorStatus(confirmed, pending, lastCheck, schedule, new Changes(changes.seq(), changes.incidents(),
        changes.outbox().stream().filter(c -> c.seq() != changeSeq).toList()), uptime, ended, maintenance, certificate);
  }

  private MonitorStatus with(Schedule next) {
    return new MonitorStatus(confirmed, pending, lastCheck, next, changes, uptime, ended, maintenance, certificate);
  }
}
