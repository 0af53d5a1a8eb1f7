package downcheck.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the contract refuses: the checks every integration test's responses pass through. */
class ContractTest {
  static final String PROBLEM = "{\"type\":\"urn:downcheck:problem:unknown-check\",\"title\":\"Unknown check\",\"status\":404,"
      + "\"detail\":\"no check with id 'c-x'\",\"errors\":[{\"field\":\"id\",\"message\":\"unknown\"}]}";

  static Function<String, Optional<String>> headers(Map<String, String> h) {
    return name -> h.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
  }

  static void check(String method, String path, int status, Map<String, String> h, String body) {
    Contract.get().checkResponse(method, URI.create("http://127.0.0.1" + path), status, headers(h), body);
  }

  @Test
  void aDocumentedAnswerPasses() {
    check("GET", "/api/v1/checks/c-x", 404, Map.of("Content-Type", "application/problem+json"), PROBLEM);
    check("GET", "/no/such/thing", 404, Map.of("Content-Type", "application/problem+json"), PROBLEM);
    check("GET", "/health", 200, Map.of("Content-Type", "application/json"), "{\"status\":\"UP\"}");
  }

  @Test
  void aBodyThatBreaksItsSchemaFailsNamingPathStatusAndField() {
    assertThatThrownBy(() -> check("GET", "/api/v1/checks/c-x", 404, Map.of("Content-Type", "application/problem+json"),
        PROBLEM.replace("\"status\":404,", "")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("GET /api/v1/checks/c-x -> 404").hasMessageContaining("status");
  }

  @Test
  void anUndocumentedStatusPathOrContentTypeFails() {
    assertThatThrownBy(() -> check("GET", "/api/v1/regions", 418, Map.of("Content-Type", "application/problem+json"), PROBLEM))
        .hasMessageContaining("status 418 is not documented");
    assertThatThrownBy(() -> check("GET", "/api/v2/regions", 200, Map.of("Content-Type", "application/json"), "[]"))
        .hasMessageContaining("not in the document");
    assertThatThrownBy(() -> check("GET", "/health", 200, Map.of("Content-Type", "text/plain"), "UP"))
        .hasMessageContaining("Content-Type text/plain");
  }

  @Test
  void aMissingRequiredHeaderFails() {
    assertThatThrownBy(() -> check("POST", "/api/v1/checks", 429, Map.of("Content-Type", "application/problem+json"),
        PROBLEM.replace("404", "429"))).hasMessageContaining("Retry-After");
  }

  @Test
  void anSseEventMustBeListedAndItsDataValid() {
    assertThatThrownBy(() -> Contract.get().checkEvent("/api/v1/monitors/m-1/events", "verdict", "{}"))
        .hasMessageContaining("event 'verdict' is not one of");
    assertThatThrownBy(() -> Contract.get().checkEvent("/api/v1/checks/c-1/events", "result", "{\"agentId\":\"a\"}"))
        .hasMessageContaining("event result").hasMessageContaining("checkId");
  }

  @Test
  void aSecretShownBackFails() {
    assertThat(Contract.get().template("/api/v1/monitors/m-1/badge.svg")).get()
        .extracting(Contract.PathTemplate::template).isEqualTo("/api/v1/monitors/{id}/badge.svg");
    assertThatThrownBy(() -> Contract.get().validateAt("a channel", "/components/schemas/Channel",
        io.vertx.core.json.Json.decodeValue("{\"type\":\"webhook\",\"url\":\"https://h/…\",\"secret\":\"s3cret\"}")))
        .hasMessageContaining("secret");
  }
}
