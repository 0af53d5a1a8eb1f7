package downcheck.model.check;

/** An expected JSON value in the response body: at the RFC 6901 {@code pointer}, a value equal to {@code equals}. */
public record JsonMatch(String pointer, Object equals) {}
