package downcheck.model.monitor;

/** One bad field of a monitor, named as the client wrote it ({@code notify[0].url}). */
public record Violation(String field, String message) {}
