package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import downcheck.model.check.DnsQuery;
import downcheck.model.agent.Location;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.RequestShape;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A monitor's definition, as it lives on the compacted topic {@code downcheck.monitors} (key =
 * id). Field values were validated where the API read them; the constructor guards the
 * invariants the rules rely on.
 *
 * @param owner     who made it: a hash of the API key (never the key), or null without keys
 * @param watch     a temporary monitor made by "tell me when it's back": notifies only the recovery, then ends
 * @param expiresAt when a temporary monitor ends anyway; null for a lasting one
 * @param certExpiryDays notify once when the certificate has this many days left or fewer; null: never
 * @param maintenance its own maintenance windows (docs/monitors.md)
 * @param ipVersion  4 or 6: its runs resolve and dial only that family; null for either
 * @param request   the request its runs send (method, headers, body); null for a plain GET. Its
 *                  header values and body may be secrets: sealed on the topic, redacted in {@link #shown()}
 * @param dns       a dns monitor's record type and resolver; null: the plain lookup
 * @param perRegion agents of each region per run (docs/api.md, "More eyes"); null: one of each region's group
 * @param locations agents by place per run, each a place of one field; null: none
 * @param limit     agents in all per run with {@code locations}; null without
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitorSpec(
    String id,
    String name,
    String target,
    ProbeKind kind,
    List<String> regions,
    int timeoutMs,
    long slowMs,
    Expect expect,
    int intervalSeconds,
    int confirmations,
    List<MonitorState> notifyOn,
    @JsonProperty("notify") List<Channel> channels,
    String owner,
    Instant createdAt,
    boolean watch,
    Instant expiresAt,
    Integer certExpiryDays,
    List<MaintenanceWindow> maintenance,
    Integer ipVersion,
    RequestShape request,
    DnsQuery dns,
    Integer perRegion,
    List<Location> locations,
    Integer limit) {

  @JsonCreator
  public MonitorSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    regions = regions == null ? List.of() : List.copyOf(regions);
    notifyOn = notifyOn == null ? List.of() : List.copyOf(notifyOn);
    channels = channels == null ? List.of() : List.copyOf(channels);
    maintenance = maintenance == null ? List.of() : List.copyOf(maintenance);
    locations = locations == null || locations.isEmpty() ? null : List.copyOf(locations);
    expect = expect == null ? Expect.DEFAULT : expect;
    if (intervalSeconds < 1 || confirmations < 1) {
      throw new IllegalArgumentException("intervalSeconds and confirmations must be at least 1 (" + intervalSeconds
          + ", " + confirmations + ")");
    }
  }

  /** Of the default shape: either IP family, a plain GET (or of another kind), a plain lookup, one agent of each region's group per run. */
  public MonitorSpec(String id, String name, String target, ProbeKind kind, List<String> regions, int timeoutMs,
      long slowMs, Expect expect, int intervalSeconds, int confirmations, List<MonitorState> notifyOn,
      List<Channel> channels, String owner, Instant createdAt, boolean watch, Instant expiresAt,
      Integer certExpiryDays, List<MaintenanceWindow> maintenance) {
    this(id, name, target, kind, regions, timeoutMs, slowMs, expect, intervalSeconds, confirmations, notifyOn, channels,
        owner, createdAt, watch, expiresAt, certExpiryDays, maintenance, null, null, null, null, null, null);
  }

  /** Without certificate alerts or maintenance windows. */
  public MonitorSpec(String id, String name, String target, ProbeKind kind, List<String> regions, int timeoutMs,
      long slowMs, Expect expect, int intervalSeconds, int confirmations, List<MonitorState> notifyOn,
      List<Channel> channels, String owner, Instant createdAt, boolean watch, Instant expiresAt) {
    this(id, name, target, kind, regions, timeoutMs, slowMs, expect, intervalSeconds, confirmations, notifyOn, channels,
        owner, createdAt, watch, expiresAt, null, null);
  }

  /** The rules' view of it: when to change state, and whom to tell. */
  public Rules rules() {
    return new Rules(confirmations, notifyOn, watch, certExpiryDays);
  }

  /** As the API shows it: secrets left out. */
  public MonitorSpec shown() {
    return new MonitorSpec(id, name, target, kind, regions, timeoutMs, slowMs, expect, intervalSeconds, confirmations,
        notifyOn, channels.stream().map(Channel::shown).toList(), null, createdAt, watch, expiresAt, certExpiryDays,
        maintenance, ipVersion, RequestShape.shownOrNull(request), dns, perRegion, locations, limit);
  }

  /** The request its runs send: {@link RequestShape#DEFAULT} when it has none. */
  public RequestShape requestOrDefault() {
    return request == null ? RequestShape.DEFAULT : request;
  }

  /** The same monitor sending {@code shape} (sealed or opened, on the way to or from Kafka). */
  public MonitorSpec withRequest(RequestShape shape) {
    return new MonitorSpec(id, name, target, kind, regions, timeoutMs, slowMs, expect, intervalSeconds, confirmations,
        notifyOn, channels, owner, createdAt, watch, expiresAt, certExpiryDays, maintenance, ipVersion,
        shape == null || shape.isDefault() ? null : shape, dns, perRegion, locations, limit);
  }

  /** The same monitor notifying {@code others} instead (sealed or opened, on the way to or from Kafka). */
  public MonitorSpec withChannels(List<Channel> others) {
    return new MonitorSpec(id, name, target, kind, regions, timeoutMs, slowMs, expect, intervalSeconds, confirmations,
        notifyOn, others, owner, createdAt, watch, expiresAt, certExpiryDays, maintenance, ipVersion, request, dns,
        perRegion, locations, limit);
  }

  /** What decides a monitor's changes, small enough to send to the state's owner with each run. */
  public record Rules(int confirmations, List<MonitorState> notifyOn, boolean watch, Integer certExpiryDays)
      implements java.io.Serializable {
    @JsonCreator
    public Rules {
      notifyOn = List.copyOf(notifyOn);
    }

    /** Without certificate alerts. */
    public Rules(int confirmations, List<MonitorState> notifyOn, boolean watch) {
      this(confirmations, notifyOn, watch, null);
    }
  }
}
