package downcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.cli.Cli.Run;
import downcheck.model.wire.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl's flags as the check's method, headers, body and expectations (docs/api.md, "Shaped requests"). */
class RequestOptionsTest {
  static String body(String... args) {
    CheckCommand command = new CheckCommand();
    CheckCommand.commandLine(command).parseArgs(args);
    Map<String, Object> body = new LinkedHashMap<>();
    command.shape.addTo(body);
    return Codec.toJson(body);
  }

  @Test
  void curlsFlagsBecomeTheChecksRequestAndExpectations() {
    assertThat(body("https://api.example.com/", "-X", "put", "-H", "Authorization: Bearer a:b", "-H",
        "Content-Type:application/json", "--data", "{\"q\":1}", "--expect-header", "Content-Type: json",
        "--expect-header", "X-Version", "--expect-json", "/status=ok", "--expect-json", "/n=3", "--expect-json",
        "/s=\"3\"", "--expect-json", "/gone=null", "--match", "^\\{", "--not-contains", "error"))
        .isEqualTo("{\"method\":\"PUT\",\"headers\":{\"Authorization\":\"Bearer a:b\",\"Content-Type\":"
            + "\"application/json\"},\"body\":\"{\\\"q\\\":1}\",\"expect\":{\"bodyNotContains\":\"error\","
            + "\"bodyMatches\":\"^\\\\{\",\"headers\":[{\"name\":\"Content-Type\",\"matches\":\"json\"},"
            + "{\"name\":\"X-Version\"}],\"json\":[{\"pointer\":\"/status\",\"equals\":\"ok\"},{\"pointer\":\"/n\","
            + "\"equals\":3},{\"pointer\":\"/s\",\"equals\":\"3\"},{\"pointer\":\"/gone\",\"equals\":null}]}}");
  }

  @Test
  void dataAloneIsAFormPostAsWithCurl(@TempDir Path dir) throws Exception {
    assertThat(body("example.com", "-d", "a=1")).isEqualTo("{\"method\":\"POST\",\"headers\":{\"Content-Type\":"
        + "\"application/x-www-form-urlencoded\"},\"body\":\"a=1\"}");
    Path file = Files.writeString(dir.resolve("b.json"), "{\"from\":\"file\"}");
    assertThat(body("example.com", "-d", "@" + file, "-H", "content-type: application/json"))
        .isEqualTo("{\"method\":\"POST\",\"headers\":{\"content-type\":\"application/json\"},"
            + "\"body\":\"{\\\"from\\\":\\\"file\\\"}\"}");
  }

  @Test
  void withoutTheseFlagsTheCheckIsAsBefore() {
    assertThat(body("example.com")).isEqualTo("{}");
  }

  @Test
  void aMalformedHeaderIsOneLineNamingTheFlagAndExitsTwo() {
    Run run = Cli.run("example.com", "--no-local", "-H", "NoColonHere");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("downcheck: -H: 'NoColonHere' is not");
  }
}
