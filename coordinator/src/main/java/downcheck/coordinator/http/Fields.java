package downcheck.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.model.wire.Codec;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reading a JSON body field by field, for every parser of the API (checks, monitors): each
 * reader takes the field's node, adds a {@link FieldError} naming the field and quoting the value
 * when it is bad, and answers a fallback so the parser goes on and names every bad field at once.
 * An absent field and a JSON {@code null} are the same.
 */
public final class Fields {
  /** Characters of a bad value quoted back in a message, at most. */
  static final int QUOTED = 80;

  private Fields() {}

  /** The body as a tree; a 400 naming {@code body} when it is not JSON. */
  public static JsonNode tree(String body) {
    try {
      return Codec.mapper().readTree(body);
    } catch (IOException e) {
      throw InvalidRequestException.of("body", "not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  public static boolean absent(JsonNode n) {
    return n == null || n.isNull();
  }

  /** Names each field of {@code object} that is not {@code known}, under {@code at} ({@code notify[0].x}); "" at the top. */
  public static void unknown(JsonNode object, Set<String> known, String at, List<FieldError> errors) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        errors.add(new FieldError(at.isEmpty() ? n : at + "." + n, "unknown field"));
      }
    }
  }

  /**
   * A whole number in {@code min..max}, or the fallback when absent.
   *
   * @param unit what it counts, as the message says it ({@code " of milliseconds"}), or ""
   * @param note added to the message's end ({@code " (the minimum here is 30 s)"}), or ""
   */
  public static long whole(JsonNode n, String field, long fallback, long min, long max, String unit, String note,
      List<FieldError> errors) {
    if (absent(n)) {
      return fallback;
    }
    if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      errors.add(new FieldError(field, "must be a whole number" + unit + " in " + min + ".." + max + ", got " + json(n)
          + note));
      return fallback;
    }
    return n.asLong();
  }

  /** true or false; false when absent. */
  public static boolean bool(JsonNode n, String field, List<FieldError> errors) {
    Boolean b = optionalBool(n, field, errors);
    return b != null && b;
  }

  /** true or false; null when absent or bad. */
  public static Boolean optionalBool(JsonNode n, String field, List<FieldError> errors) {
    if (absent(n)) {
      return null;
    }
    if (!n.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false, got " + json(n)));
      return null;
    }
    return n.asBoolean();
  }

  /** A string of at most {@code max} characters ({@code nonEmpty}: and at least one); null when absent or bad. */
  public static String string(JsonNode n, String field, int max, boolean nonEmpty, List<FieldError> errors) {
    if (absent(n)) {
      return null;
    }
    if (!n.isTextual() || n.asText().length() > max || (nonEmpty && n.asText().isEmpty())) {
      errors.add(new FieldError(field, "must be a " + (nonEmpty ? "non-empty " : "") + "string of at most " + max
          + " characters"));
      return null;
    }
    return n.asText();
  }

  /** The value as it was written, clipped: {@code "60"} for a string, {@code 60} for a number. */
  public static String json(JsonNode n) {
    return clip(n == null ? "null" : n.toString());
  }

  /** The value as a reader sees it, clipped: a string's text without quotes, anything else as JSON. */
  public static String shown(JsonNode n) {
    return clip(n == null ? "null" : n.isTextual() ? n.asText() : n.toString());
  }

  public static String clip(String s) {
    return s == null ? "null" : s.length() > QUOTED ? s.substring(0, QUOTED) + "…" : s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl > 0 ? s.substring(0, nl) : s;
  }
}
