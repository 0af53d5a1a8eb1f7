package downcheck.model.monitor;

import java.time.Instant;
import java.util.List;

/**
 * A monitor's live state (in Hazelcast, one entry per monitor; a copy of each change on Kafka).
 *
 * @param state      the confirmed state
 * @param since      when the run that started the confirmed state ran
 * @param condition  the last conclusive state (UNKNOWN does not change it: the network not seeing ends no outage)
 * @param alerted    an outage or slowness of this episode was notified, so its end will be
 * @param candidate  the state the latest runs disagree towards, or null
 * @param streak     how many consecutive final runs saw the candidate
 * @param streakFrom when the first of them ran
 * @param streakDown the regions those runs saw the target down in
 * @param inFlight   the run in progress (a check id), or null
 * @param nextRunAt  when the next run is due
 * @param seq        how many changes were notified; numbers delivery ids
 * @param incidents  newest first, at most {@link MonitorRules#MAX_INCIDENTS}; the first may be open
 * @param outbox     changes decided but not yet delivered (at least once: whoever schedules delivers them)
 * @param ended      a temporary monitor that has done its job
 */
public record MonitorStatus(
    MonitorState state,
    Instant since,
    MonitorState condition,
    boolean alerted,
    MonitorState candidate,
    int streak,
    Instant streakFrom,
    List<String> streakDown,
    LastCheck lastCheck,
    String inFlight,
    Instant nextRunAt,
    long seq,
    List<Incident> incidents,
    Uptime uptime,
    List<Change> outbox,
    boolean ended) {

  public MonitorStatus {
    incidents = incidents == null ? List.of() : List.copyOf(incidents);
    outbox = outbox == null ? List.of() : List.copyOf(outbox);
    streakDown = streakDown == null ? List.of() : List.copyOf(streakDown);
    uptime = uptime == null ? Uptime.empty() : uptime;
  }

  /** A new monitor: PENDING, first run due at once. */
  public static MonitorStatus fresh(Instant now) {
    return new MonitorStatus(MonitorState.PENDING, now, MonitorState.PENDING, false, null, 0, null, List.of(), null, null, now, 0,
        List.of(), Uptime.empty(), List.of(), false);
  }

  /** The open incident, or null. */
  public Incident openIncident() {
    return incidents.isEmpty() || !incidents.get(0).isOpen() ? null : incidents.get(0);
  }

  public MonitorStatus withInFlight(String checkId) {
    return new MonitorStatus(state, since, condition, alerted, candidate, streak, streakFrom, streakDown, lastCheck, checkId,
        nextRunAt, seq, incidents, uptime, outbox, ended);
  }

  public MonitorStatus withNextRunAt(Instant at) {
    return new MonitorStatus(state, since, condition, alerted, candidate, streak, streakFrom, streakDown, lastCheck, inFlight, at,
        seq, incidents, uptime, outbox, ended);
  }

  /** Without the delivered change. */
  public MonitorStatus delivered(long changeSeq) {
    return new MonitorStatus(state, since, condition, alerted, candidate, streak, streakFrom, streakDown, lastCheck, inFlight,
        nextRunAt, seq, incidents, uptime, outbox.stream().filter(c -> c.seq() != changeSeq).toList(), ended);
  }
}
