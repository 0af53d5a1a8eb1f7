package downcheck.testing;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API's contract, docs/openapi.json as the coordinator's jar carries it, held against what
 * the coordinator answers: every response a test receives through {@link Api}, {@link SseClient}
 * or {@link #check} must be in the document (its path, method, status, content type, required
 * headers) and its body valid by the schema there (vertx-json-schema, draft 2020-12); each SSE
 * event's data by the schema its stream lists under {@code x-events}. A mismatch fails the test,
 * naming the request, the status and the schema's error. Loaded and resolved once per JVM.
 */
public final class Contract {
  /** Where the document is on the classpath (the coordinator's jar). */
  public static final String RESOURCE = "downcheck/openapi.json";
  private static final String BASE = "https://downcheck.invalid/openapi.json";
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri(BASE).setOutputFormat(OutputFormat.Basic);
  private static volatile Contract instance;

  private final JsonObject document;
  private final JsonObject resolved;
  private final List<PathTemplate> paths;
  private final Map<String, Validator> validators = new ConcurrentHashMap<>();

  /** A documented path and the pattern of the request paths it stands for. */
  public record PathTemplate(String template, Pattern pattern, int literals) {
    static PathTemplate of(String template) {
      StringBuilder regex = new StringBuilder("^");
      int literals = 0;
      for (String part : template.split("(?=\\{)|(?<=\\})")) {
        if (part.startsWith("{")) {
          regex.append("[^/]+");
        } else {
          regex.append(Pattern.quote(part));
          literals += part.length();
        }
      }
      return new PathTemplate(template, Pattern.compile(regex.append('$').toString()), literals);
    }
  }

  private Contract(JsonObject document) {
    this.document = document.copy();
    SchemaRepository repo = SchemaRepository.create(OPTIONS);
    repo.dereference(BASE, JsonSchema.of(document));
    // every $ref replaced by what it points to; the repository's own marks (__absolute_uri__ ...) dropped
    this.resolved = (JsonObject) withoutMarks(repo.resolve(document));
    // the most literal template first: /api/v1/monitors/{id}/badge.svg before /{file}
    this.paths = resolved.getJsonObject("paths").fieldNames().stream().map(PathTemplate::of)
        .sorted(Comparator.comparingInt(PathTemplate::literals).reversed()).toList();
    compileAll();
  }

  /**
   * Every body's and event's validator made now, once, so that no test pays for it in the middle
   * of something it times.
   */
  private void compileAll() {
    JsonObject all = resolved.getJsonObject("paths");
    for (String path : all.fieldNames()) {
      for (String method : all.getJsonObject(path).fieldNames()) {
        JsonObject responses = all.getJsonObject(path).getJsonObject(method).getJsonObject("responses");
        for (String status : responses.fieldNames()) {
          JsonObject content = responses.getJsonObject(status).getJsonObject("content", new JsonObject());
          for (String type : content.fieldNames()) {
            JsonObject media = content.getJsonObject(type);
            if (isJson(type)) {
              validator(media.getJsonObject("schema"));
            }
            JsonObject events = media.getJsonObject("x-events", new JsonObject());
            events.fieldNames().forEach(name -> validator(events.getJsonObject(name)));
          }
        }
      }
    }
  }

  private Validator validator(JsonObject schema) {
    return validators.computeIfAbsent(schema.encode(), s -> Validator.create(JsonSchema.of(schema), OPTIONS));
  }

  private static Object withoutMarks(Object node) {
    if (node instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      o.forEach(e -> {
        if (!e.getKey().startsWith("__")) {
          out.put(e.getKey(), withoutMarks(e.getValue()));
        }
      });
      return out;
    }
    if (node instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(withoutMarks(v)));
      return out;
    }
    return node;
  }

  /** The contract, loaded on first use. */
  public static Contract get() {
    Contract c = instance;
    if (c == null) {
      synchronized (Contract.class) {
        if (instance == null) {
          instance = new Contract(new JsonObject(resourceText()));
        }
        c = instance;
      }
    }
    return c;
  }

  /** The document's text as the coordinator's jar carries it. */
  public static String resourceText() {
    try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath (the coordinator's jar carries docs/openapi.json)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document as written, its references unresolved. */
  public JsonObject document() {
    return document;
  }

  /** Validates one response (see the class comment) and hands it back. */
  public static <T extends HttpResponse<String>> T check(T res) {
    get().checkResponse(res.request().method(), res.request().uri(), res.statusCode(),
        name -> res.headers().firstValue(name), res.body());
    return res;
  }

  /**
   * Validates a response: its path, method and status documented, its content type one the
   * status lists, its required headers there, its body valid.
   */
  public void checkResponse(String method, URI uri, int status, Function<String, Optional<String>> headers, String body) {
    String path = uri.getRawPath();
    String what = method + " " + path + " -> " + status;
    JsonObject response = response(method, path, status, what);
    JsonObject declared = response.getJsonObject("headers", new JsonObject());
    for (String name : declared.fieldNames()) {
      JsonObject header = declared.getJsonObject(name);
      Optional<String> value = headers.apply(name);
      if (value.isEmpty()) {
        if (header.getBoolean("required", false)) {
          fail(what, "header " + name + " is required by the document and missing");
        }
      } else {
        validate(what + " header " + name, header.getJsonObject("schema"), value.get());
      }
    }
    JsonObject content = response.getJsonObject("content");
    boolean empty = body == null || body.isEmpty();
    if (content == null) {
      if (!empty) {
        fail(what, "the document gives this status no body, got " + clip(body));
      }
      return;
    }
    String type = headers.apply("Content-Type").map(Contract::mediaType).orElse(null);
    if (type == null || !content.containsKey(type)) {
      fail(what, "Content-Type " + type + " is not one the document lists " + content.fieldNames());
    }
    JsonObject media = content.getJsonObject(type);
    if (type.equals("text/event-stream")) {
      for (String[] event : events(body)) {
        checkEvent(media, what, event[0], event[1]);
      }
    } else if (isJson(type)) {
      validate(what, media.getJsonObject("schema"), parse(what, body));
    } else if (media.containsKey("schema")) {
      validate(what, media.getJsonObject("schema"), body);
    }
  }

  /** Validates one SSE event read from {@code path}'s stream: its name listed, its data valid. */
  public void checkEvent(String path, String name, String data) {
    String what = "GET " + path + " -> 200";
    JsonObject media = response("get", path, 200, what).getJsonObject("content", new JsonObject())
        .getJsonObject("text/event-stream");
    if (media == null) {
      fail(what, "the document lists no text/event-stream for it");
    }
    checkEvent(media, what, name, data);
  }

  private void checkEvent(JsonObject media, String what, String name, String data) {
    JsonObject schema = media.getJsonObject("x-events", new JsonObject()).getJsonObject(name);
    if (schema == null) {
      fail(what, "event '" + name + "' is not one of the stream's x-events "
          + media.getJsonObject("x-events", new JsonObject()).fieldNames());
    }
    validate(what + " event " + name, schema, parse(what + " event " + name, data));
  }

  /** The documented response of this request, or a failure saying what is not documented. */
  private JsonObject response(String method, String path, int status, String what) {
    JsonObject components = resolved.getJsonObject("components").getJsonObject("responses");
    Optional<PathTemplate> template = template(path);
    if (template.isEmpty()) {
      if (status == 404 || status == 429 || status == 503) {
        return components.getJsonObject(status == 404 ? "NotFound" : status == 429 ? "TooMany" : "Unavailable");
      }
      fail(what, "the path is not in the document (any such path must answer 404)");
    }
    JsonObject operation = resolved.getJsonObject("paths").getJsonObject(template.get().template())
        .getJsonObject(method.toLowerCase(Locale.ROOT));
    if (operation == null) {
      if (status == 404 || status == 405) {
        return components.getJsonObject(status == 404 ? "NotFound" : "MethodNotAllowed");
      }
      fail(what, method + " is not documented on " + template.get().template() + " (only 404 or 405 may answer it)");
    }
    JsonObject responses = operation.getJsonObject("responses");
    JsonObject response = responses.getJsonObject(Integer.toString(status));
    if (response == null) {
      response = responses.getJsonObject(status / 100 + "XX");
    }
    if (response == null) {
      response = responses.getJsonObject("default");
    }
    if (response == null) {
      fail(what, "status " + status + " is not documented for " + method + " " + template.get().template()
          + " (documented: " + responses.fieldNames() + ")");
    }
    return response;
  }

  /** The documented path a request path falls under, the most literal first. */
  public Optional<PathTemplate> template(String path) {
    return paths.stream().filter(t -> t.pattern().matcher(path).matches()).findFirst();
  }

  /** Validates {@code instance} by the schema at {@code pointer} in the document ({@code /components/schemas/Check}). */
  public void validateAt(String what, String pointer, Object instance) {
    Object node = resolved;
    for (String token : pointer.substring(1).split("/")) {
      String key = token.replace("~1", "/").replace("~0", "~");
      node = node instanceof JsonObject o ? o.getValue(key) : null;
      if (node == null) {
        fail(what, "no schema at " + pointer);
      }
    }
    validate(what, (JsonObject) node, instance);
  }

  private void validate(String what, JsonObject schema, Object instance) {
    if (schema == null) {
      return;
    }
    Validator validator = validator(schema);
    OutputUnit out;
    synchronized (validator) {
      out = validator.validate(instance);
    }
    if (!Boolean.TRUE.equals(out.getValid())) {
      List<OutputUnit> errors = out.getErrors() == null || out.getErrors().isEmpty() ? List.of(out) : out.getErrors();
      fail(what, "body does not match the document: " + errors.stream()
          .map(e -> e.getInstanceLocation() + ": " + e.getError() + " (at " + e.getKeywordLocation() + ")")
          .collect(Collectors.joining("; ")) + "; body: " + clip(String.valueOf(instance)));
    }
  }

  private static Object parse(String what, String text) {
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      fail(what, "body is not JSON: " + clip(text));
      return null;
    }
  }

  /** The events of a whole event-stream text: name and data of each. */
  private static List<String[]> events(String body) {
    List<String[]> out = new ArrayList<>();
    String name = "message";
    StringBuilder data = new StringBuilder();
    for (String line : (body + "\n\n").split("\r?\n", -1)) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          out.add(new String[] {name, data.toString()});
        }
        name = "message";
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
      }
    }
    return out;
  }

  static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  private static String clip(String s) {
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  private static void fail(String what, String message) {
    throw new AssertionError("openapi contract: " + what + ": " + message);
  }
}
