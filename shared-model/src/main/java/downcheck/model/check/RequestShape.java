package downcheck.model.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP request a check sends: method, headers and body as the user shapes them
 * (docs/api.md, "Shaped requests"). {@link #DEFAULT} is the plain {@code GET} every check sent
 * before; a header map keeps the order it was given in.
 */
public record RequestShape(String method, Map<String, String> headers, String body) {
  public static final RequestShape DEFAULT = new RequestShape("GET", Map.of(), null);

  public RequestShape {
    method = method == null ? "GET" : method;
    headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public boolean isDefault() {
    return method.equals("GET") && headers.isEmpty() && body == null;
  }
}
