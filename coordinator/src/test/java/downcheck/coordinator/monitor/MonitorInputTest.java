package downcheck.coordinator.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.monitor.channel.ChannelInput;
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
      return new Parsed(MonitorInput.read(root, 30, new ChannelInput(new AddressPolicy(allowPrivate), true), errors),
          errors);
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
        argumentSet("pagerduty without a routing key", "{\"notify\":[" + hook + ",{\"type\":\"pagerduty\"}]}",
            "notify[1].routingKey"),
        argumentSet("pagerduty key with a space", "{\"notify\":[{\"type\":\"pagerduty\",\"routingKey\":\"a b\"}]}",
            "notify[0].routingKey"),
        argumentSet("pagerduty with a url", "{\"notify\":[{\"type\":\"pagerduty\",\"routingKey\":\"k\","
            + "\"url\":\"https://a.example/\"}]}", "notify[0].url"),
        argumentSet("opsgenie without an api key", "{\"notify\":[{\"type\":\"opsgenie\"}]}", "notify[0].apiKey"),
        argumentSet("opsgenie in region mars", "{\"notify\":[{\"type\":\"opsgenie\",\"apiKey\":\"k\","
            + "\"region\":\"mars\"}]}", "notify[0].region"),
        argumentSet("email to no one", "{\"notify\":[{\"type\":\"email\",\"to\":[]}]}", "notify[0].to"),
        argumentSet("email to a header injection", "{\"notify\":[{\"type\":\"email\",\"to\":[\"ops@example.com\","
            + "\"x@example.com\\r\\nBcc: all@example.com\"]}]}", "notify[0].to[1]"),
        argumentSet("email to eleven", "{\"notify\":[{\"type\":\"email\",\"to\":[" + String.join(",",
            java.util.Collections.nCopies(11, "\"ops@example.com\"")) + "]}]}", "notify[0].to"),
        argumentSet("teams with a secret", "{\"notify\":[{\"type\":\"teams\",\"url\":\"https://a.example/\","
            + "\"secret\":\"s\"}]}", "notify[0].secret"),
        argumentSet("discord on loopback", "{\"notify\":[{\"type\":\"discord\",\"url\":\"http://127.0.0.1/\"}]}",
            "notify[0].url"),
        argumentSet("ntfy token with a line break", "{\"notify\":[{\"type\":\"ntfy\",\"url\":\"https://ntfy.example/t\","
            + "\"token\":\"tk\\nX: y\"}]}", "notify[0].token"),
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
    assertThat(MonitorInput.read(root, 30, new ChannelInput(policy, false), errors)).isNotNull();
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

  @Test
  void anEmailChannelIsRefusedWhereNoSmtpServerIsSet() throws Exception {
    JsonNode root = Codec.mapper().readTree("{\"notify\":[{\"type\":\"email\",\"to\":[\"ops@example.com\"]}]}");
    List<FieldError> errors = new ArrayList<>();
    assertThat(MonitorInput.read(root, 30, new ChannelInput(new AddressPolicy(false), false), errors)).isNull();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("notify[0].type");
      assertThat(e.message()).contains("--smtp-host");
    });
  }

  @Test
  void aBadKeyIsNamedButNeverQuoted() {
    FieldError e = parse("{\"notify\":[{\"type\":\"opsgenie\",\"apiKey\":\"s3cret key\"}]}").errors().get(0);
    assertThat(e.field()).isEqualTo("notify[0].apiKey");
    assertThat(e.message()).doesNotContain("s3cret");
  }

  @Test
  void eachServiceChannelKeepsItsOwnFields() {
    MonitorInput in = parse("{\"notify\":[{\"type\":\"pagerduty\",\"routingKey\":\"R0UTINGKEY0123456789abcdefABCDEF\"},"
        + "{\"type\":\"opsgenie\",\"apiKey\":\"eb243592-faa2-4ba2-a551q-1afdf565c889\",\"region\":\"eu\"},"
        + "{\"type\":\"email\",\"to\":[\"ops@example.com\",\"ops@example.com\",\"oncall+web@example.co.uk\"]},"
        + "{\"type\":\"ntfy\",\"url\":\"https://ntfy.sh/shop-alerts\",\"token\":\"tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2\"},"
        + "{\"type\":\"opsgenie\",\"apiKey\":\"k\"}]}").input();
    assertThat(in.channels().get(0).routingKey()).isEqualTo("R0UTINGKEY0123456789abcdefABCDEF");
    assertThat(in.channels().get(1).region()).isEqualTo("eu");
    assertThat(in.channels().get(2).to()).containsExactly("ops@example.com", "oncall+web@example.co.uk");
    assertThat(in.channels().get(3).token()).startsWith("tk_");
    assertThat(in.channels().get(4).region()).as("the default region").isEqualTo("us");
    assertThat(in.channels().stream().map(c -> c.shown().toString()))
        .noneMatch(s -> s.contains("R0UTING") || s.contains("eb243592") || s.contains("tk_") || s.contains("shop-alerts"));
  }
}
