package downcheck.coordinator.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import downcheck.model.check.DnsQuery;
import downcheck.coordinator.check.Eyes;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.RequestShape;
import downcheck.model.monitor.CertificateSeen;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.Incident;
import downcheck.model.monitor.LastCheck;
import downcheck.model.monitor.MaintenanceWindow;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.monitor.MonitorState;
import downcheck.model.monitor.MonitorStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A monitor as the API, the events and the notifications show it (docs/api.md): its definition
 * without secrets (channel URLs cut to scheme and host, {@link Channel#shown()}), its state,
 * uptime and incidents. During a maintenance its state is {@code MAINTENANCE}, {@code since}
 * the maintenance began and {@code until} it ends. The request its runs send shows its method and
 * header names, header values and body redacted ({@link MonitorSpec#shown()}).
 *
 * @param certificate the certificate its latest run over TLS saw: days left, regions, whether its expiry was told
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MonitorView(
    String id,
    String name,
    String target,
    ProbeKind kind,
    int intervalSeconds,
    List<String> regions,
    int timeoutMs,
    long slowMs,
    Expect expect,
    Integer ipVersion,
    DnsQuery dns,
    int confirmations,
    List<MonitorState> notifyOn,
    @JsonProperty("notify") List<Channel> channels,
    Integer certExpiryDays,
    List<MaintenanceWindow> maintenance,
    boolean temporary,
    Instant expiresAt,
    Instant createdAt,
    MonitorState state,
    Instant since,
    Instant until,
    LastCheck lastCheck,
    CertificateSeen certificate,
    Map<String, Double> uptime,
    List<Incident> incidents,
    RequestShape request,
    Integer perRegion,
    List<Map<String, Object>> locations,
    Integer limit) {

  static MonitorView of(MonitorSpec spec, MonitorStatus status, Instant now) {
    return of(spec, status, now, true);
  }

  /** @param withQuery the target's query shown: to its owner only, as it may carry a token (docs/monitors.md) */
  static MonitorView of(MonitorSpec spec, MonitorStatus status, Instant now, boolean withQuery) {
    MonitorSpec s = spec.shown();
    MonitorStatus st = status == null ? MonitorStatus.fresh(spec.createdAt() == null ? now : spec.createdAt()) : status;
    MonitorStatus.Hold hold = st.maintenance();
    // past its end and not yet left (its owner looks at each tick): shown as what the runs say
    boolean held = hold != null && now.isBefore(hold.until());
    return new MonitorView(s.id(), s.name(), withQuery ? s.target() : withoutQuery(s.target()), s.kind(),
        s.intervalSeconds(), s.regions(), s.timeoutMs(), s.slowMs(), s.expect(), s.ipVersion(), s.dns(), s.confirmations(), s.notifyOn(),
        s.channels(), s.certExpiryDays(), s.maintenance().isEmpty() ? null : s.maintenance(), s.watch(), s.expiresAt(),
        s.createdAt(), held ? MonitorState.MAINTENANCE : st.state(), held ? hold.since() : st.confirmed().since(),
        held ? hold.until() : null, st.lastCheck(), st.certificate(), st.uptime().summary(now), st.changes().incidents(),
        s.request(), s.perRegion(), s.locations() == null ? null : s.locations().stream().map(Eyes::asWritten).toList(),
        s.limit());
  }

  /** The target with its query, if any, shown as {@code ?…}. */
  static String withoutQuery(String target) {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q) + "?…";
  }

  /** The same monitor as one channel's notification shows it: that channel alone, redacted like all. */
  MonitorView toldTo(Channel channel) {
    return new MonitorView(id, name, target, kind, intervalSeconds, regions, timeoutMs, slowMs, expect, ipVersion, dns,
        confirmations, notifyOn, List.of(channel.shown()), certExpiryDays, maintenance, temporary, expiresAt, createdAt, state, since,
        until, lastCheck, certificate, uptime, incidents, request, perRegion, locations, limit);
  }

  /** The display name: the name given, else the target. */
  static String title(MonitorSpec spec) {
    return spec.name() == null || spec.name().isBlank() ? spec.target() : spec.name();
  }
}
