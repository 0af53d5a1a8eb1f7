package downcheck.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.testing.Contract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json is a valid OpenAPI 3.1 document, the coordinator's jar carries it as it is,
 * and it lists exactly the routes the coordinator's router registers (docs/api.md, The contract).
 */
class OpenApiDocumentTest {
  static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");
  static final Path SOURCES = Path.of("..", "coordinator", "src", "main", "java");
  /** A route as the code registers it: {@code router.get("/api/v1/checks/:id")}. */
  static final Pattern ROUTE = Pattern.compile("\\.(get|post|put|delete|patch)\\(\"(/[^\"]*)\"\\)");
  /** What {@code router.get("/*")} (the pages' files) stands for in the document. */
  static final List<String> FILES = List.of("/", "/{}", "/css/{}", "/js/{}");

  @Test
  void isAValidOpenApi31Document() throws Exception {
    JsonObject document = new JsonObject(Files.readString(DOCUMENT));
    assertThat(OpenAPIVersion.fromContract(document)).isEqualTo(OpenAPIVersion.V3_1);
    Vertx vertx = Vertx.vertx();
    try {
      SchemaRepository repo = OpenAPIVersion.V3_1.getRepository(vertx, "https://downcheck.invalid/")
          .toCompletionStage().toCompletableFuture().get();
      OutputUnit out = OpenAPIVersion.V3_1.validateContract(vertx, repo, document)
          .toCompletionStage().toCompletableFuture().get();
      assertThat(out.getValid()).as("docs/openapi.json against the OpenAPI 3.1 schema: %s", out.toJson().encodePrettily())
          .isTrue();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void theCoordinatorsJarCarriesTheDocumentAsItIs() throws IOException {
    assertThat(Contract.resourceText()).isEqualTo(Files.readString(DOCUMENT));
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedPathIsRouted() throws IOException {
    Set<String> routed = routes();
    Set<String> documented = new TreeSet<>();
    JsonObject paths = Contract.get().document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{[^}]+}", "{}"));
      }
    }
    Set<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    assertThat(undocumented).as("routes not in docs/openapi.json").isEmpty();
    Set<String> unrouted = new TreeSet<>(documented);
    unrouted.removeAll(routed);
    assertThat(unrouted).as("documented paths no route serves").isEmpty();
  }

  /** Every route the coordinator's code registers, as METHOD and path with its parameters as {}. */
  static Set<String> routes() throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
        Matcher m = ROUTE.matcher(Files.readString(file));
        while (m.find()) {
          String method = m.group(1).toUpperCase(Locale.ROOT);
          if (m.group(2).equals("/*")) {
            FILES.forEach(f -> out.add(method + " " + f));
          } else {
            out.add(method + " " + m.group(2).replaceAll(":[A-Za-z0-9_]+", "{}"));
          }
        }
      }
    }
    assertThat(out).as("routes found in %s", SOURCES).contains("POST /api/v1/checks", "GET /api/v1/monitors/{}");
    return out;
  }
}
