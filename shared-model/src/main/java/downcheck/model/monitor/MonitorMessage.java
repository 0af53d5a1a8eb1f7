package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record of the compacted topic {@code downcheck.monitors}: under key {@code m-…} the
 * definition, under key {@code m-…/state} the latest state (what a full restart rebuilds from).
 * A tombstone on both keys deletes the monitor. Under key {@code w-…} a maintenance of a set of
 * monitors; a tombstone deletes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitorMessage(int v, MonitorSpec monitor, String id, MonitorStatus state, Maintenance maintenance) {
  public static final String STATE_SUFFIX = "/state";
  public static final String MAINTENANCE_PREFIX = "w-";

  @JsonCreator
  public MonitorMessage {}

  public MonitorMessage(int v, MonitorSpec monitor, String id, MonitorStatus state) {
    this(v, monitor, id, state, null);
  }

  public static MonitorMessage maintenance(int v, Maintenance maintenance) {
    return new MonitorMessage(v, null, null, null, maintenance);
  }

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
