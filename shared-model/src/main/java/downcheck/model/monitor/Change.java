package downcheck.model.monitor;

import java.time.Instant;

/**
 * A confirmed change to be notified, decided once: {@code seq} numbers the monitor's changes,
 * so its delivery id is the same on every retry and on any coordinator, and differs between
 * changes.
 *
 * @param check the run that confirmed it
 */
public record Change(long seq, String event, MonitorState from, MonitorState to, Incident incident, LastCheck check,
    Instant at) {
  public static final String DOWN = "monitor.down";
  public static final String REGIONAL = "monitor.regional";
  public static final String DEGRADED = "monitor.degraded";
  public static final String UP = "monitor.up";

  public String deliveryId(String monitorId) {
    return "d-" + monitorId.replaceFirst("^m-", "") + "-" + seq;
  }
}
