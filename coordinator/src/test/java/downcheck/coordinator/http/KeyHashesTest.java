package downcheck.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyHashesTest {
  @TempDir
  Path dir;

  @Test
  void aFileTakesWhatSha256sumWritesSkipsCommentsAndBlankLinesAndIgnoresCase() throws IOException {
    String hex = HexFormat.of().formatHex(ApiKeys.sha256("sekrit-key-1"));
    Path file = Files.writeString(dir.resolve("keys"), "# the team's keys\n\n" + hex + "  -\n  " + hex.toUpperCase() + "\n");

    assertThat(KeyHashes.read(file)).containsExactly(hex);
  }

  @Test
  void aLineThatIsNotAHashIsRefusedNamingTheLineAndNeverTakenAsAKey() throws IOException {
    Path file = Files.writeString(dir.resolve("keys"), "# keys\nsekrit-key-1\n");

    assertThatThrownBy(() -> KeyHashes.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + ":2").hasMessageContaining("sha256sum").hasMessageNotContaining("sekrit");
  }

  @Test
  void aMissingFileIsRefusedNamingIt() {
    assertThatThrownBy(() -> KeyHashes.read(dir.resolve("none"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none");
  }
}
