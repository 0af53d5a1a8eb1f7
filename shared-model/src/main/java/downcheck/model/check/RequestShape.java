package downcheck.model.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP request a check sends: method, headers and body as the user shapes them
 * (docs/api.md, "Shaped requests"). {@link #DEFAULT} is the plain {@code GET} every check sent
 * before; a header map keeps the order it was given in. Header values and the body may hold
 * secrets: every read shows {@link #shown()}, never this.
 */
public record RequestShape(String method,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> headers,
    @JsonInclude(JsonInclude.Include.NON_NULL) String body) {
  public static final RequestShape DEFAULT = new RequestShape("GET", Map.of(), null);
  /** What a redacted header value or body reads as. */
  public static final String REDACTED = "…";
  /** Headers whose values are shown back (lower case): they carry no credential. */
  public static final Set<String> SHOWN_HEADERS =
      Set.of("accept", "accept-language", "user-agent", "content-type", "cache-control");

  public RequestShape {
    method = method == null ? "GET" : method;
    headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  @JsonIgnore
  public boolean isDefault() {
    return method.equals("GET") && headers.isEmpty() && body == null;
  }

  /**
   * As every read shows it (API, events, verdicts, monitors): each header value redacted but
   * those of {@link #SHOWN_HEADERS}, the body redacted; the names and the method stay.
   */
  public RequestShape shown() {
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach((name, value) ->
        shown.put(name, SHOWN_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? value : REDACTED));
    return new RequestShape(method, shown, body == null ? null : REDACTED);
  }

  /** The shape as a read shows it, or null for the default (absent from the JSON). */
  public static RequestShape shownOrNull(RequestShape shape) {
    return shape == null || shape.isDefault() ? null : shape.shown();
  }
}
