package downcheck.model.result;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one probe found, before the agent stamps it with check, agent and region (a
 * {@link ProbeResult} is a {@link Stamp} on a probe outcome). {@code message} keeps the raw error
 * for the person reading the result; a missing {@code timings} is one with no phase measured.
 *
 * <p>Made by {@link #up}, {@link #down} or {@link #error}; a kind adds what only it knows (HTTP
 * its status and URL, DNS its addresses) with the {@code with...} methods, so no caller writes
 * the fields of the other kinds as positional nulls. Is-getters are not auto-detected, so
 * {@link #isUp()} and {@link #isRefused()} are no fields of the JSON.
 */
@JsonAutoDetect(isGetterVisibility = Visibility.NONE)
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
    List<String> addresses,
    @JsonInclude(JsonInclude.Include.NON_NULL) String httpVersion,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AddressTry> addressesTried,
    @JsonInclude(JsonInclude.Include.NON_NULL) PingStats ping,
    @JsonInclude(JsonInclude.Include.NON_NULL) TracePath trace,
    @JsonInclude(JsonInclude.Include.NON_NULL) DnsAnswer dns) {

  public ProbeOutcome {
    timings = timings == null ? new Timings(null, null, null, null, null) : timings;
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    addressesTried = addressesTried == null ? List.of() : List.copyOf(addressesTried);
  }

  public ProbeOutcome(Outcome outcome, ErrorClass errorClass, Integer httpStatus, Timings timings, String address,
      String message, String finalUrl, Integer certDaysLeft, String retryAfter, List<String> addresses) {
    this(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft, retryAfter, addresses,
        null, null, null, null, null);
  }

  /** The target answered as expected; {@code address} is the one probed (null when none was dialled, as for DNS). */
  public static ProbeOutcome up(Timings timings, String address) {
    return new ProbeOutcome(Outcome.UP, null, null, timings, address, null, null, null, null, null);
  }

  /** The target failed the probe, for the reason {@code errorClass}: evidence against it. */
  public static ProbeOutcome down(ErrorClass errorClass, Timings timings, String address, String message) {
    return new ProbeOutcome(Outcome.DOWN, errorClass, null, timings, address, message, null, null, null, null);
  }

  /** The agent could not run the probe (refused by policy, internal fault): never evidence. */
  public static ProbeOutcome error(Timings timings, String message) {
    return new ProbeOutcome(Outcome.ERROR, null, null, timings, null, message, null, null, null, null);
  }

  /**
   * The agent would not probe this target: its name or address is one the network does not
   * probe (SSRF policy). ERROR with {@link ErrorClass#TARGET_REFUSED}: not evidence, not impaired.
   */
  public static ProbeOutcome refused(Timings timings, String message) {
    return new ProbeOutcome(Outcome.ERROR, ErrorClass.TARGET_REFUSED, null, timings, null, message, null, null, null,
        null);
  }

  public boolean isRefused() {
    return errorClass == ErrorClass.TARGET_REFUSED;
  }

  public ProbeOutcome withAddress(String address) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  public ProbeOutcome withHttpStatus(Integer httpStatus) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  public ProbeOutcome withFinalUrl(String finalUrl) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  public ProbeOutcome withCertDaysLeft(Integer certDaysLeft) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  /** The server's Retry-After header as sent: the consensus reads it as a sign of maintenance. */
  public ProbeOutcome withRetryAfter(String retryAfter) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  /** A note for the person reading the result (an error's raw text, or what a DNS probe withheld). */
  public ProbeOutcome withMessage(String message) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  /** Every address a DNS lookup returned that may be published. */
  public ProbeOutcome withAddresses(List<String> addresses) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  /** The HTTP version the answer came in: "1.1" or "2". */
  public ProbeOutcome withHttpVersion(String httpVersion) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  /** Every address dialled, in order, with its outcome. */
  public ProbeOutcome withAddressesTried(List<AddressTry> addressesTried) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  public ProbeOutcome withPing(PingStats ping) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  public ProbeOutcome withTrace(TracePath trace) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  public ProbeOutcome withDns(DnsAnswer dns) {
    return new ProbeOutcome(outcome, errorClass, httpStatus, timings, address, message, finalUrl, certDaysLeft,
        retryAfter, addresses, httpVersion, addressesTried, ping, trace, dns);
  }

  public boolean isUp() {
    return outcome == Outcome.UP;
  }
}
