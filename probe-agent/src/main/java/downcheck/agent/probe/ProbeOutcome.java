package downcheck.agent.probe;

import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.Timings;
import java.util.List;

/**
 * What one probe found, before the agent stamps it with check, agent and region.
 * {@code message} keeps the raw error for the person reading the result.
 */
public record ProbeOutcome(
    Outcome outcome,
    ErrorClass errorClass,
    Integer httpStatus,
    Timings timings,
    String address,
    String message,
    String finalUrl,
    Integer certDaysLeft,
    String retryAfter,
    List<String> addresses) {

  public ProbeOutcome {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  public static ProbeOutcome down(ErrorClass errorClass, Timings timings, String address, String message) {
    return new ProbeOutcome(Outcome.DOWN, errorClass, null, timings, address, message, null, null, null, null);
  }

  /** The agent could not run the probe (refused by policy, internal fault): never evidence. */
  public static ProbeOutcome error(Timings timings, String message) {
    return new ProbeOutcome(Outcome.ERROR, null, null, timings, null, message, null, null, null, null);
  }

  public boolean isUp() {
    return outcome == Outcome.UP;
  }
}
