package downcheck.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.testing.Api;
import downcheck.testing.WebhookReceiver;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The monitors' API as the tests use it, and what a receiver that drops duplicates would see. */
final class Monitors {
  private Monitors() {}

  static String create(Api api, String body) {
    HttpResponse<String> res = api.post("/api/v1/monitors", body);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    String id = Api.json(res.body()).get("id").asText();
    assertThat(res.headers().firstValue("Location")).hasValue("/api/v1/monitors/" + id);
    return id;
  }

  static JsonNode get(Api api, String id) {
    HttpResponse<String> res = api.get("/api/v1/monitors/" + id);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return Api.json(res.body());
  }

  static String state(Api api, String id) {
    return get(api, id).get("state").asText();
  }

  static String lastCheckId(Api api, String id) {
    JsonNode last = get(api, id).get("lastCheck");
    return last == null || last.isNull() ? null : last.get("id").asText();
  }

  /** A monitor body: 1 s interval, 1 s probe timeout, a signed webhook. */
  static String body(String target, List<String> regions, int confirmations, String hookUrl, String secret) {
    String rs = regions.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
    return "{\"target\":\"" + target + "\",\"intervalSeconds\":1,\"timeoutMs\":2000,\"regions\":[" + rs + "],"
        + "\"confirmations\":" + confirmations + ",\"name\":\"test monitor\","
        + "\"notify\":[{\"type\":\"webhook\",\"url\":\"" + hookUrl + "\",\"secret\":\"" + secret + "\"}]}";
  }

  /** The notifications a receiver that drops duplicates (by delivery id) keeps: delivery id to event. */
  static Map<String, String> deduplicated(List<WebhookReceiver.Received> accepted) {
    Map<String, String> out = new LinkedHashMap<>();
    for (WebhookReceiver.Received r : accepted) {
      JsonNode n = Api.json(r.body());
      String before = out.putIfAbsent(n.get("deliveryId").asText(), n.get("event").asText());
      // one delivery id is one change: never two different events
      assertThat(before == null || before.equals(n.get("event").asText())).as("delivery id reused: " + r.body()).isTrue();
    }
    return out;
  }

  static List<String> events(List<WebhookReceiver.Received> accepted) {
    return List.copyOf(deduplicated(accepted).values());
  }
}
