package downcheck.coordinator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsKeyTest {
  private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  @Test
  void sealedTextOpensOnlyWithTheSameKeyAndPurpose() {
    SecretsKey key = SecretsKey.fromBase64(KEY);
    String sealed = key.seal("channel", "https://hooks.example/T0/B0/SECRET");
    assertThat(sealed).startsWith("gcm1:").doesNotContain("SECRET");
    assertThat(SecretsKey.fromBase64(KEY).open("channel", sealed)).isEqualTo("https://hooks.example/T0/B0/SECRET");
    assertThatThrownBy(() -> key.open("other", sealed)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretsKey.ephemeral().open("channel", sealed)).isInstanceOf(IllegalArgumentException.class);
    String flipped = sealed.substring(0, sealed.length() - 3) + (sealed.endsWith("A==") ? "B==" : "A==");
    assertThatThrownBy(() -> key.open("channel", flipped)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sealingTwiceGivesDifferentText() {
    SecretsKey key = SecretsKey.fromBase64(KEY);
    assertThat(key.seal("p", "x")).isNotEqualTo(key.seal("p", "x"));
  }

  @Test
  void aTagVerifiesOnlyForItsPurposeAndData() {
    SecretsKey key = SecretsKey.fromBase64(KEY);
    byte[] tag = key.mac("state", "record");
    assertThat(key.verify("state", "record".getBytes(StandardCharsets.UTF_8), tag)).isTrue();
    assertThat(key.verify("owner", "record".getBytes(StandardCharsets.UTF_8), tag)).isFalse();
    assertThat(key.verify("state", "recorD".getBytes(StandardCharsets.UTF_8), tag)).isFalse();
    assertThat(SecretsKey.ephemeral().verify("state", "record".getBytes(StandardCharsets.UTF_8), tag)).isFalse();
  }

  @Test
  void aShortOrGarbledKeyIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> SecretsKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("at least 32 bytes");
    Path file = dir.resolve("key");
    Files.writeString(file, "not base64 !!");
    assertThatThrownBy(() -> SecretsKey.fromFile(file)).hasMessageContaining(file.toString()).hasMessageContaining("base64");
    Files.writeString(file, KEY + "\n");
    assertThat(SecretsKey.fromFile(file).isEphemeral()).isFalse();
    assertThat(SecretsKey.fromFile(file).toString()).doesNotContain(KEY);
  }
}
