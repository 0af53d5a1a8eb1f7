package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record of the compacted topic {@code downcheck.monitors}: under key {@code m-…} the
 * definition, under key {@code m-…/state} the latest state (what a full restart rebuilds from).
 * A tombstone on both keys deletes the monitor.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitorMessage(int v, MonitorSpec monitor, String id, MonitorStatus state) {
  public static final String STATE_SUFFIX = "/state";

  public static MonitorMessage definition(int v, MonitorSpec spec) {
    return new MonitorMessage(v, spec, null, null);
  }

  public static MonitorMessage state(int v, String id, MonitorStatus state) {
    return new MonitorMessage(v, null, id, state);
  }

  public static String stateKey(String id) {
    return id + STATE_SUFFIX;
  }
}
