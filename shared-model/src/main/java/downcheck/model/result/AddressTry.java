package downcheck.model.result;

/** One address an HTTP or TCP probe dialled, and what came of it (Happy Eyeballs lists each). */
public record AddressTry(String address, Outcome outcome, ErrorClass errorClass, Long connectMs) {}
