package downcheck.coordinator.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import downcheck.coordinator.secrets.SecretsKey;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.RequestShape;
import downcheck.model.monitor.Channel;
import downcheck.model.monitor.MonitorSpec;
import downcheck.model.wire.Codec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealedChannelsTest {
  static final String SLACK = "https://hooks.slack.com/services/T0000/B0000/SECRETSECRET";
  static final String HOOK = "https://example.com/hooks/abc?token=t0ken";
  private final SecretsKey key = SecretsKey.ephemeral();
  private final SealedChannels sealed = new SealedChannels(key);

  @Test
  void sealedOnKafkaTheUrlsAndSecretOpenOnlyWithTheKeyForTheSameMonitor() {
    MonitorSpec spec = spec("m-one", List.of(new Channel(Channel.SLACK, SLACK, null),
        new Channel(Channel.WEBHOOK, HOOK, "s3cret")));
    MonitorSpec onKafka = sealed.seal(spec);
    assertThat(Codec.toJson(onKafka)).doesNotContain("SECRETSECRET", "hooks.slack.com", "t0ken", "s3cret")
        .contains("\"type\":\"slack\"");
    assertThat(sealed.open(onKafka)).isEqualTo(spec);

    assertThatThrownBy(() -> new SealedChannels(SecretsKey.ephemeral()).open(onKafka))
        .as("another key").isInstanceOf(IllegalArgumentException.class);
    MonitorSpec copied = spec("m-two", onKafka.channels());
    assertThatThrownBy(() -> sealed.open(copied)).as("copied into another monitor").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theServicesKeysAndTokensAreSealedTooAndTheirAddressesAndRegionStayReadable() {
    MonitorSpec spec = spec("m-keys", List.of(
        new Channel(Channel.PAGERDUTY, null, null, null, "R0UTINGKEY", null, null, null),
        new Channel(Channel.OPSGENIE, null, null, null, null, "GENIEKEY", "eu", null),
        new Channel(Channel.NTFY, "https://ntfy.sh/SECRETTOPIC", null, null, null, null, null, "tk_TOKEN"),
        new Channel(Channel.EMAIL, null, null, List.of("ops@example.com"), null, null, null, null)));
    MonitorSpec onKafka = sealed.seal(spec);
    assertThat(Codec.toJson(onKafka)).doesNotContain("R0UTINGKEY", "GENIEKEY", "SECRETTOPIC", "tk_TOKEN")
        .contains("\"region\":\"eu\"", "ops@example.com");
    assertThat(SealedChannels.anySealed(onKafka)).isTrue();
    assertThat(sealed.open(onKafka)).isEqualTo(spec);
    assertThat(Codec.fromJson(Codec.toJson(onKafka), MonitorSpec.class)).isEqualTo(onKafka);
    assertThat(Codec.toJson(spec.shown())).doesNotContain("R0UTINGKEY", "GENIEKEY", "SECRETTOPIC", "tk_TOKEN")
        .contains("\"routingKey\":\"…\"", "\"apiKey\":\"…\"", "\"token\":\"…\"", "\"url\":\"https://ntfy.sh/…\"");
  }

  @Test
  void theRequestsHeaderValuesAndBodyAreSealedOnKafkaAndRedactedWhenShown() {
    RequestShape request = new RequestShape("POST", java.util.Map.of("Authorization", "Bearer T0KEN"), "pw=PASSW0RD");
    MonitorSpec spec = spec("m-req", List.of()).withRequest(request);
    MonitorSpec onKafka = sealed.seal(spec);
    assertThat(Codec.toJson(onKafka)).doesNotContain("T0KEN", "PASSW0RD").contains("\"Authorization\"", "POST");
    assertThat(SealedChannels.anySealed(onKafka)).isTrue();
    assertThat(sealed.open(Codec.fromJson(Codec.toJson(onKafka), MonitorSpec.class))).isEqualTo(spec);
    assertThatThrownBy(() -> sealed.open(spec("m-other", List.of()).withRequest(onKafka.request())))
        .as("copied into another monitor").isInstanceOf(IllegalArgumentException.class);
    assertThat(Codec.toJson(spec.shown())).doesNotContain("T0KEN", "PASSW0RD")
        .contains("\"request\":{\"method\":\"POST\",\"headers\":{\"Authorization\":\"…\"},\"body\":\"…\"}");
    assertThat(Codec.toJson(spec("m-get", List.of()))).doesNotContain("request");
  }

  @Test
  void aDefinitionWrittenBeforeSealingIsReadAsItIs() {
    MonitorSpec plain = spec("m-old", List.of(new Channel(Channel.WEBHOOK, HOOK, "s3cret")));
    assertThat(sealed.open(plain)).isEqualTo(plain);
  }

  @Test
  void shownTheUrlIsSchemeAndHostOnly() {
    assertThat(new Channel(Channel.SLACK, SLACK, null).shown()).isEqualTo(new Channel(Channel.SLACK,
        "https://hooks.slack.com/…", null));
    assertThat(new Channel(Channel.WEBHOOK, HOOK, "s3cret").shown()).isEqualTo(new Channel(Channel.WEBHOOK,
        "https://example.com/…", null));
    assertThat(Channel.redact("http://user:pw@127.0.0.1:8080/p?q#f")).isEqualTo("http://127.0.0.1:8080/…");
    assertThat(Channel.redact("not a url at all")).isEqualTo("…");
    assertThat(Channel.redact(null)).isEqualTo("…");
  }

  private static MonitorSpec spec(String id, List<Channel> channels) {
    return new MonitorSpec(id, "n", "https://shop.example/", ProbeKind.HTTP, List.of(), 5000, 2000, null, 60, 2, List.of(),
        channels, null, Instant.parse("2026-01-01T00:00:00Z"), false, null);
  }
}
