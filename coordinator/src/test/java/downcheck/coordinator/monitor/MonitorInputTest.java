package downcheck.coordinator.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.model.check.AddressPolicy;
import downcheck.model.monitor.MonitorState;
import downcheck.model.wire.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A monitor's own fields: every bad one named, limits kept, webhooks kept off private addresses. */
class MonitorInputTest {
  /** The fields read, or the errors. */
  record Parsed(MonitorInput input, List<FieldError> errors) {}

  static Parsed parse(String json) {
    return parse(json, false);
  }

  static Parsed parse(String json, boolean allowPrivate) {
    try {
      JsonNode root = Codec.mapper().readTree(json);
      List<FieldError> errors = new ArrayList<>();
      return new Parsed(MonitorInput.read(root, 30, new AddressPolicy(allowPrivate), errors), errors);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Stream<Arguments> badFields() {
    String hook = "{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/x\"}";
    return Stream.of(
        argumentSet("interval below the minimum", "{\"intervalSeconds\":5}", "intervalSeconds"),
        argumentSet("interval not a number", "{\"intervalSeconds\":\"often\"}", "intervalSeconds"),
        argumentSet("zero confirmations", "{\"confirmations\":0}", "confirmations"),
        argumentSet("too many confirmations", "{\"confirmations\":11}", "confirmations"),
        argumentSet("notifyOn UP", "{\"notifyOn\":[\"UP\"]}", "notifyOn"),
        argumentSet("a name too long", "{\"name\":\"" + "n".repeat(201) + "\"}", "name"),
        argumentSet("too many channels", "{\"notify\":[" + String.join(",", java.util.Collections.nCopies(6, hook)) + "]}",
            "notify"),
        argumentSet("unknown channel type", "{\"notify\":[{\"type\":\"pigeon\",\"url\":\"https://a.example/\"}]}",
            "notify[0].type"),
        argumentSet("channel without url", "{\"notify\":[{\"type\":\"webhook\"}]}", "notify[0].url"),
        argumentSet("ftp url", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"ftp://a.example/\"}]}", "notify[0].url"),
        argumentSet("empty secret", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"https://a.example/\",\"secret\":\"\"}]}",
            "notify[0].secret"),
        argumentSet("unknown channel field", "{\"notify\":[{\"type\":\"slack\",\"url\":\"https://a.example/\",\"x\":1}]}",
            "notify[0].x"),
        argumentSet("loopback webhook", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/\"}]}",
            "notify[0].url"),
        argumentSet("metadata webhook", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://169.254.169.254/\"}]}",
            "notify[0].url"),
        argumentSet("private webhook", "{\"notify\":[{\"type\":\"slack\",\"url\":\"http://10.1.2.3/\"}]}", "notify[0].url"),
        argumentSet("localhost webhook", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://localhost:80/\"}]}",
            "notify[0].url"),
        argumentSet("loopback written as one number", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://2130706433/\"}]}",
            "notify[0].url"),
        argumentSet("private behind NAT64", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://[64:ff9b::a01:203]/\"}]}",
            "notify[0].url"),
        argumentSet("loopback IPv4-compatible", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://[::7f00:1]/\"}]}",
            "notify[0].url"),
        argumentSet("metadata behind 6to4", "{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://[2002:a9fe:a9fe::1]/\"}]}",
            "notify[0].url"));
  }

  @ParameterizedTest
  @MethodSource("badFields")
  void everyBadFieldIsNamed(String json, String field) {
    Parsed p = parse(json);
    assertThat(p.input()).isNull();
    assertThat(p.errors()).extracting(FieldError::field).contains(field);
  }

  @Test
  void allBadFieldsAreNamedAtOnce() {
    Parsed p = parse("{\"intervalSeconds\":1,\"confirmations\":0,\"notifyOn\":[\"X\"]}");
    assertThat(p.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("intervalSeconds", "confirmations", "notifyOn");
  }

  @Test
  void anIntervalBelowTheMinimumSaysTheMinimum() {
    assertThat(parse("{\"intervalSeconds\":5}").errors().get(0).message()).contains("minimum here is 30 s");
  }

  @Test
  void defaultsAreTwoConfirmationsAndOutagesAndAMinuteAtLeastTheMinimum() {
    MonitorInput in = parse("{}").input();
    assertThat(in.confirmations()).isEqualTo(2);
    assertThat(in.intervalSeconds()).isEqualTo(60);
    assertThat(in.notifyOn()).containsExactly(MonitorState.GLOBAL_OUTAGE, MonitorState.REGIONAL_OUTAGE);
  }

  @Test
  void aRefusedWebhookSaysWhyAndHowAPrivateDeploymentLiftsIt() {
    FieldError e = parse("{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://[64:ff9b::a01:203]/\"}]}")
        .errors().get(0);
    assertThat(e.field()).isEqualTo("notify[0].url");
    assertThat(e.message()).contains("64:ff9b:0:0:0:0:a01:203 is private (RFC 1918) (NAT64)")
        .contains("--allow-private-targets");
  }

  @Test
  void anAddressAllowedForWebhooksIsAcceptedAlthoughItsRangeIsRefused() throws Exception {
    JsonNode root = Codec.mapper().readTree("{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://10.0.0.5/h\"}]}");
    List<FieldError> errors = new ArrayList<>();
    AddressPolicy policy = new AddressPolicy(false, java.util.Set.of(java.net.InetAddress.getByName("10.0.0.5")));
    assertThat(MonitorInput.read(root, 30, policy, errors)).isNotNull();
    assertThat(errors).isEmpty();
  }

  @Test
  void privateWebhooksAreAllowedWhenPrivateDestinationsAre() {
    MonitorInput in = parse("{\"notify\":[{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/h\",\"secret\":\"s\"}]}", true)
        .input();
    assertThat(in.channels()).singleElement().satisfies(c -> {
      assertThat(c.url()).isEqualTo("http://127.0.0.1:9/h");
      assertThat(c.secret()).isEqualTo("s");
      assertThat(c.shown().secret()).isNull();
    });
  }
}
