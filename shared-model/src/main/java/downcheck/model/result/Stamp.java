package downcheck.model.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import downcheck.model.agent.Location;
import downcheck.model.wire.Schema;
import java.time.Instant;

/**
 * Who answered which check, and when: the half of a {@link ProbeResult} the agent adds to what
 * its probe found. {@code impaired} says the agent's own network failed its canary at that
 * moment, and {@code impairedReason} why, for people. {@code quarantined} is the coordinator's
 * mark, never the agent's: the agent's trust record was past its threshold when the result came
 * in, so the result is shown but not counted, {@code quarantinedReason} says why
 * (docs/consensus.md, "The trust record").
 */
public record Stamp(
    int schema,
    String checkId,
    String agentId,
    String region,
    Instant finishedAt,
    boolean impaired,
    String impairedReason,
    @JsonInclude(JsonInclude.Include.NON_NULL) Location location,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean quarantined,
    @JsonInclude(JsonInclude.Include.NON_NULL) String quarantinedReason) {

  public Stamp(int schema, String checkId, String agentId, String region, Instant finishedAt, boolean impaired,
      String impairedReason) {
    this(schema, checkId, agentId, region, finishedAt, impaired, impairedReason, null);
  }

  public Stamp(int schema, String checkId, String agentId, String region, Instant finishedAt, boolean impaired,
      String impairedReason, Location location) {
    this(schema, checkId, agentId, region, finishedAt, impaired, impairedReason, location, false, null);
  }

  public Stamp {
    if (checkId == null || checkId.isBlank()) {
      throw new IllegalArgumentException("checkId: missing");
    }
    if (agentId == null || agentId.isBlank()) {
      throw new IllegalArgumentException("agentId: missing in result of " + checkId);
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region: missing in result of " + checkId);
    }
    schema = schema == 0 ? Schema.VERSION : schema;
    location = location == null || location.equals(Location.UNKNOWN) ? null : location;
    quarantinedReason = quarantined ? quarantinedReason : null;
  }

  /** A stamp of this schema version; impaired when {@code impairedReason} is not null. */
  public static Stamp of(String checkId, String agentId, String region, Instant finishedAt, String impairedReason) {
    return new Stamp(Schema.VERSION, checkId, agentId, region, finishedAt, impairedReason != null, impairedReason);
  }

  /** The same stamp, judged by the agent's state at the moment the result was taken. */
  public Stamp withImpaired(boolean nowImpaired, String reason) {
    return new Stamp(schema, checkId, agentId, region, finishedAt, nowImpaired, reason, location, quarantined,
        quarantinedReason);
  }

  /** The same stamp, with where the agent stands. */
  public Stamp withLocation(Location location) {
    return new Stamp(schema, checkId, agentId, region, finishedAt, impaired, impairedReason, location, quarantined,
        quarantinedReason);
  }

  /** The same stamp, marked quarantined for {@code reason}, or not quarantined when it is null. */
  public Stamp withQuarantine(String reason) {
    return new Stamp(schema, checkId, agentId, region, finishedAt, impaired, impairedReason, location, reason != null,
        reason);
  }
}
