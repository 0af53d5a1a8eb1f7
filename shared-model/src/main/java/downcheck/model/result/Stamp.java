package downcheck.model.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import downcheck.model.agent.Location;
import downcheck.model.wire.Schema;
import java.time.Instant;

/**
 * Who answered which check, and when: the half of a {@link ProbeResult} the agent adds to what
 * its probe found. {@code impaired} says the agent's own network failed its canary at that
 * moment, and {@code impairedReason} why, for people.
 */
public record Stamp(
    int schema,
    String checkId,
    String agentId,
    String region,
    Instant finishedAt,
    boolean impaired,
    String impairedReason,
    @JsonInclude(JsonInclude.Include.NON_NULL) Location location) {

  public Stamp(int schema, String checkId, String agentId, String region, Instant finishedAt, boolean impaired,
      String impairedReason) {
    this(schema, checkId, agentId, region, finishedAt, impaired, impairedReason, null);
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
  }

  /** A stamp of this schema version; impaired when {@code impairedReason} is not null. */
  public static Stamp of(String checkId, String agentId, String region, Instant finishedAt, String impairedReason) {
    return new Stamp(Schema.VERSION, checkId, agentId, region, finishedAt, impairedReason != null, impairedReason);
  }

  /** The same stamp, judged by the agent's state at the moment the result was taken. */
  public Stamp withImpaired(boolean nowImpaired, String reason) {
    return new Stamp(schema, checkId, agentId, region, finishedAt, nowImpaired, reason, location);
  }

  /** The same stamp, with where the agent stands. */
  public Stamp withLocation(Location location) {
    return new Stamp(schema, checkId, agentId, region, finishedAt, impaired, impairedReason, location);
  }
}
