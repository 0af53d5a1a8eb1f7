package downcheck.coordinator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.coordinator.CoordinatorMain;
import downcheck.model.monitor.Channel;
import downcheck.runtime.settings.Commands;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorChannelsTest {
  @TempDir
  Path dir;

  @Test
  void theFileHoldsChannelsInAMonitorsNotifyShape() throws IOException {
    Path file = Files.writeString(dir.resolve("ops.json"), "[{\"type\": \"slack\", \"url\": \"https://hooks.slack.com/services/T/B/X\"},"
        + " {\"type\": \"webhook\", \"url\": \"https://ops.example.com/hook\", \"secret\": \"s3cret\"}]");
    OperatorSettings s = Commands.parse(new CoordinatorMain(), Map.of(), "--kafka", "k:9092", "--operator-notify-file",
        file.toString(), "--operator-impaired-minutes", "0.5").config().operator();
    assertThat(s.channels()).containsExactly(new Channel("slack", "https://hooks.slack.com/services/T/B/X", null),
        new Channel("webhook", "https://ops.example.com/hook", "s3cret"));
    assertThat(s.impairedFor()).hasSeconds(30);
    assertThat(s.on()).isTrue();
  }

  @Test
  void withoutTheFileNobodyIsToldAndTheDefaultsHold() {
    OperatorSettings s = Commands.parse(new CoordinatorMain(), Map.of(), "--kafka", "k:9092").config().operator();
    assertThat(s.on()).isFalse();
    assertThat(s.impairedFor()).hasMinutes(5);
    assertThat(s.hold()).hasMinutes(5);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON|[{\"type\": |not JSON",
      "an object, not a list|{\"type\": \"slack\", \"url\": \"https://hooks.slack.com/x\"}|must be a JSON array",
      "no channel|[]|must be a JSON array",
      "an unknown type|[{\"type\": \"carrier-pigeon\", \"url\": \"https://x.example.com/\"}]|channels[0].type",
      "a private address|[{\"type\": \"webhook\", \"url\": \"http://10.0.0.7/hook\"}]|channels[0].url",
      "an unknown field|[{\"type\": \"webhook\", \"url\": \"https://x.example.com/\", \"secrte\": \"s\"}]|secrte",
  })
  void aBadFileIsOneLineAndExitTwoWithoutItsSecrets(String name, String content, String says) throws IOException {
    Path file = Files.writeString(dir.resolve("ops.json"), content);
    StringWriter err = new StringWriter();
    int code = Commands.execute(new CoordinatorMain(), new String[] {"--kafka", "k:9092", "--operator-notify-file",
        file.toString()}, Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--operator-notify-file " + file).contains(says);
  }

  @Test
  void aMissingFileIsOneLineAndExitTwo() {
    StringWriter err = new StringWriter();
    int code = Commands.execute(new CoordinatorMain(), new String[] {"--kafka", "k:9092", "--operator-notify-file",
        dir.resolve("absent.json").toString()}, Map.of(), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("cannot be read");
  }
}
