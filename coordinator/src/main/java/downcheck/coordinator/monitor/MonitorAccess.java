package downcheck.coordinator.monitor;

import downcheck.coordinator.http.ApiKeys;
import downcheck.coordinator.http.ApiKeys.Caller;
import downcheck.model.monitor.MonitorSpec;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Who may see and change which monitor (docs/security.md, Who may do what). With API keys on,
 * every monitor route but the badge needs a valid key (401), and a monitor is its owner's (the
 * key that made it) or an admin key's: to any other key it does not exist (404). With keys off,
 * anyone sees and changes every monitor, and a monitor's owner is the address that made it, for
 * the cap and for who sees its target's query. Creating and changing count in the client's writes
 * a minute.
 */
final class MonitorAccess {
  private final ApiKeys keys;
  private final Function<RoutingContext, Caller> writes;

  MonitorAccess(ApiKeys keys, Function<RoutingContext, Caller> writes) {
    this.keys = keys;
    this.writes = writes;
  }

  /** The caller of a read or a delete, or a 401; counts nothing. */
  Caller reader(RoutingContext rc) {
    return keys.caller(rc);
  }

  /** The caller of a create or change, counted in its writes a minute; or a 401 or 429. */
  Caller writer(RoutingContext rc) {
    return writes.apply(rc);
  }

  /** True when the caller may see and change the monitor. */
  static boolean mayAccess(Caller caller, MonitorSpec spec) {
    return caller.mayAccess(spec.owner());
  }

  /** True when the caller sees the monitor's target whole, its query included: its owner, or an admin. */
  static boolean seesQuery(Caller caller, MonitorSpec spec) {
    return caller.admin() || spec.owner() == null || caller.owns(spec.owner());
  }
}
