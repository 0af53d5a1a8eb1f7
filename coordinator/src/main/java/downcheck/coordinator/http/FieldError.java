package downcheck.coordinator.http;

/** One bad field of a request, named as the client wrote it ({@code expect.status}). */
public record FieldError(String field, String message) {}
