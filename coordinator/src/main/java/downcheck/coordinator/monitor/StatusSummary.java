package downcheck.coordinator.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import downcheck.model.monitor.Incident;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorState;
import downcheck.model.monitor.MonitorStatus;
import downcheck.model.monitor.StatusPage;
import downcheck.model.monitor.Uptime;
import downcheck.model.verdict.Cause;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What a public status page shows (docs/api.md, {@code GET /api/v1/status-pages/{slug}/summary}):
 * the overall state, each monitor's name, state and daily uptime, and the incidents. Nothing of
 * the owner, no channel, no monitor id, and a target only where the page's owner chose to show
 * targets (its query never): a monitor's target may be an internal address, and its check's
 * summary sentence names it, so neither is shown otherwise.
 *
 * @param state     the page's overall state: {@code OPERATIONAL}, {@code DEGRADED}, {@code PARTIAL_OUTAGE},
 *                  {@code MAJOR_OUTAGE}, {@code MAINTENANCE} or {@code UNKNOWN}
 * @param dailyFrom the UTC date of each monitor's first daily value; the last is today
 * @param incidents newest first, those of the last {@value #DAYS} days and any still open, at most {@value #MAX_INCIDENTS}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatusSummary(String slug, String title, String state, Instant updatedAt, LocalDate dailyFrom,
    List<Shown> monitors, List<ShownIncident> incidents) {
  static final int DAYS = Uptime.KEEP_DAYS;
  static final int MAX_INCIDENTS = 50;

  /**
   * One monitor as the page shows it.
   *
   * @param daily    the up share of each of the last {@value #DAYS} UTC days, oldest first; null for a day without a run
   * @param uptime   the up share over those days, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Shown(String name, String target, MonitorState state, Instant since, Double uptime, List<Double> daily) {}

  /**
   * One incident of a monitor of the page: its name, what, when, where and why.
   *
   * @param ref the incident's id, for the feed's entry ids only: never shown, as it names the check (whose page
   *            shows the target)
   */
  record ShownIncident(@JsonIgnore String ref, String monitor, MonitorState kind, Instant startedAt, Instant endedAt, List<String> regions,
      Cause cause) {}

  /**
   * The page now. A listed monitor that is gone (deleted, or another coordinator's not read yet)
   * is left out.
   */
  static StatusSummary of(StatusPage page, Function<String, MonitorSpec> specs, Function<String, MonitorStatus> states,
      Instant now) {
    List<Shown> shown = new ArrayList<>();
    List<ShownIncident> incidents = new ArrayList<>();
    Instant oldest = now.minus(Duration.ofDays(DAYS));
    for (String id : page.monitors()) {
      MonitorSpec spec = specs.apply(id);
      if (spec == null) {
        continue;
      }
      MonitorStatus status = states.apply(id);
      if (status == null) {
        status = MonitorStatus.fresh(spec.createdAt() == null ? now : spec.createdAt());
      }
      String name = name(spec, page, shown.size() + 1);
      Uptime uptime = status.uptime();
      shown.add(new Shown(name, page.showTargets() ? MonitorView.withoutQuery(spec.target()) : null, status.state(),
          status.confirmed().since(), uptime.ratioOfDays(now, DAYS), uptime.daily(now, DAYS)));
      for (Incident i : status.changes().incidents()) {
        if (i.isOpen() || i.startedAt().isAfter(oldest)) {
          incidents.add(new ShownIncident(i.id(), name, i.kind(), i.startedAt(), i.endedAt(), i.regions(), i.cause()));
        }
      }
    }
    incidents.sort(Comparator.comparing(ShownIncident::startedAt).reversed());
    List<ShownIncident> kept = List.copyOf(incidents.subList(0, Math.min(MAX_INCIDENTS, incidents.size())));
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return new StatusSummary(page.slug(), page.title(), overall(shown), now, today.minusDays(DAYS - 1L), shown, kept);
  }

  /**
   * The monitor's name; without one, its target when the page shows targets, else "Service N":
   * the target is never made public by a page that did not choose to show it.
   */
  private static String name(MonitorSpec spec, StatusPage page, int n) {
    if (spec.name() != null && !spec.name().isBlank()) {
      return spec.name();
    }
    return page.showTargets() ? MonitorView.withoutQuery(spec.target()) : "Service " + n;
  }

  /**
   * The worst of the monitors' states, as status pages say it: any outage everywhere of every
   * monitor is a major outage, any other outage a partial one, slowness degraded; all up (or in
   * maintenance) operational; a monitor not known yet, with no trouble elsewhere, unknown.
   */
  static String overall(List<Shown> monitors) {
    int global = 0;
    boolean regional = false;
    boolean slow = false;
    boolean unknown = false;
    boolean maintenance = false;
    for (Shown m : monitors) {
      switch (m.state()) {
        case GLOBAL_OUTAGE -> global++;
        case REGIONAL_OUTAGE -> regional = true;
        case DEGRADED -> slow = true;
        case UP -> { }
        case PENDING, UNKNOWN -> unknown = true;
        // a state added later (maintenance) is no trouble of the page
        default -> maintenance = true;
      }
    }
    if (global > 0) {
      return global == monitors.size() ? "MAJOR_OUTAGE" : "PARTIAL_OUTAGE";
    }
    if (regional) {
      return "PARTIAL_OUTAGE";
    }
    if (slow) {
      return "DEGRADED";
    }
    if (unknown || monitors.isEmpty()) {
      return "UNKNOWN";
    }
    return maintenance && monitors.stream().noneMatch(m -> m.state() == MonitorState.UP) ? "MAINTENANCE" : "OPERATIONAL";
  }
}
