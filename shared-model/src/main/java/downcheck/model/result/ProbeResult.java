package downcheck.model.result;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import downcheck.model.agent.Location;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One agent's answer to one check, on {@code downcheck.results} (key = check id): the agent's
 * {@link Stamp} (who, which check, when, impaired or not) on what its probe found, the
 * {@link ProbeOutcome}. An impaired result is kept and shown, but it is not evidence against
 * the target.
 *
 * <p>Both halves sit at the top level of the JSON, one flat object as ever (docs/api.md):
 * Jackson reads unwrapped records back through the constructor (since 2.19). The accessors below
 * read through to either half, so readers need not know where a field lives.
 */
@JsonAutoDetect(isGetterVisibility = Visibility.NONE)
public record ProbeResult(@JsonUnwrapped Stamp stamp, @JsonUnwrapped ProbeOutcome probe) {

  public ProbeResult {
    Objects.requireNonNull(stamp, "stamp");
    Objects.requireNonNull(probe, "probe");
    Outcome outcome = probe.outcome();
    if (outcome == null) {
      throw new IllegalArgumentException("outcome: missing in result of " + stamp.checkId() + " from "
          + stamp.agentId());
    }
    if (outcome == Outcome.DOWN && probe.errorClass() == null) {
      throw new IllegalArgumentException("errorClass: a DOWN result needs one (" + stamp.checkId() + " from "
          + stamp.agentId() + ")");
    }
    if (probe.errorClass() == ErrorClass.TARGET_REFUSED && outcome != Outcome.ERROR) {
      throw new IllegalArgumentException("errorClass: TARGET_REFUSED goes with outcome ERROR, not " + outcome
          + " (" + stamp.checkId() + " from " + stamp.agentId() + ")");
    }
  }

  public long totalMsOr(long fallback) {
    return timings().totalMs() == null ? fallback : timings().totalMs();
  }

  /** The same result, judged by the agent's state at the moment it was taken. */
  public ProbeResult withImpaired(boolean nowImpaired, String reason) {
    return new ProbeResult(stamp.withImpaired(nowImpaired, reason), probe);
  }

  public int schema() {
    return stamp.schema();
  }

  public String checkId() {
    return stamp.checkId();
  }

  public String agentId() {
    return stamp.agentId();
  }

  public String region() {
    return stamp.region();
  }

  public Instant finishedAt() {
    return stamp.finishedAt();
  }

  public boolean impaired() {
    return stamp.impaired();
  }

  public String impairedReason() {
    return stamp.impairedReason();
  }

  /** The coordinator found the agent quarantined when the result came in: shown, not counted. */
  public boolean quarantined() {
    return stamp.quarantined();
  }

  public String quarantinedReason() {
    return stamp.quarantinedReason();
  }

  /** The same result, marked quarantined for {@code reason}, or not quarantined when it is null. */
  public ProbeResult withQuarantine(String reason) {
    return new ProbeResult(stamp.withQuarantine(reason), probe);
  }

  public Outcome outcome() {
    return probe.outcome();
  }

  public ErrorClass errorClass() {
    return probe.errorClass();
  }

  public Integer httpStatus() {
    return probe.httpStatus();
  }

  public Timings timings() {
    return probe.timings();
  }

  public String address() {
    return probe.address();
  }

  public String message() {
    return probe.message();
  }

  public String finalUrl() {
    return probe.finalUrl();
  }

  public Integer certDaysLeft() {
    return probe.certDaysLeft();
  }

  public String retryAfter() {
    return probe.retryAfter();
  }

  public List<String> addresses() {
    return probe.addresses();
  }

  public String httpVersion() {
    return probe.httpVersion();
  }

  public List<AddressTry> addressesTried() {
    return probe.addressesTried();
  }

  public PingStats ping() {
    return probe.ping();
  }

  public TracePath trace() {
    return probe.trace();
  }

  public DnsAnswer dns() {
    return probe.dns();
  }

  /** Where the agent that answered stands, as it said in its flags. */
  public Location location() {
    return stamp.location();
  }
}
