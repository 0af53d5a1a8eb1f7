package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A confirmed change to be notified, decided once: {@code seq} numbers the monitor's changes,
 * so its delivery id is the same on every retry and on any coordinator, and differs between
 * changes.
 *
 * @param check       the run that confirmed it
 * @param certificate for {@link #CERTIFICATE_EXPIRING}: the days left and the regions that saw it; else null
 */
public record Change(long seq, String event, MonitorState from, MonitorState to, Incident incident, LastCheck check,
    Instant at, @JsonInclude(JsonInclude.Include.NON_NULL) CertificateSeen certificate) {
  public static final String DOWN = "monitor.down";
  public static final String REGIONAL = "monitor.regional";
  public static final String DEGRADED = "monitor.degraded";
  public static final String UP = "monitor.up";
  public static final String CERTIFICATE_EXPIRING = "monitor.certificate_expiring";

  @JsonCreator
  public Change {}

  /** A change of state (no certificate). */
  public Change(long seq, String event, MonitorState from, MonitorState to, Incident incident, LastCheck check,
      Instant at) {
    this(seq, event, from, to, incident, check, at, null);
  }

  public String deliveryId(String monitorId) {
    return "d-" + monitorId.replaceFirst("^m-", "") + "-" + seq;
  }
}
