package downcheck.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.testing.Contract;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON example of docs/api.md is valid by the schema of docs/openapi.json that the comment
 * right above it names ({@code <!-- openapi: #/components/schemas/Check -->}), once the page's
 * {@code //} comments are stripped; an example that names none fails, so none goes unchecked.
 */
class ApiExamplesTest {
  static final Path PAGE = Path.of("..", "docs", "api.md");
  static final Pattern BLOCK = Pattern.compile("(?:<!-- openapi: (\\S+) -->\\n)?```json\\n(.*?)\\n```", Pattern.DOTALL);

  record Example(int line, String pointer, String json) {
    @Override
    public String toString() {
      return "docs/api.md:" + line + " " + pointer;
    }
  }

  static Stream<Example> examples() throws IOException {
    String page = Files.readString(PAGE);
    List<Example> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(page);
    while (m.find()) {
      int line = (int) page.substring(0, m.start(2)).lines().count();
      out.add(new Example(line, m.group(1), withoutComments(m.group(2))));
    }
    assertThat(out).as("json examples in %s", PAGE).hasSizeGreaterThanOrEqualTo(6);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleIsValidByTheSchemaItNames(Example example) {
    assertThat(example.pointer()).as("%s: mark the example with <!-- openapi: #/components/schemas/NAME --> on the line above", example)
        .isNotNull().startsWith("#/");
    Contract.get().validateAt(example.toString(), example.pointer().substring(1), Json.decodeValue(example.json()));
  }

  /** The text without its {@code // comments} (outside strings: a URL's {@code //} stays). */
  static String withoutComments(String text) {
    StringBuilder out = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\' && i + 1 < text.length()) {
          out.append(text.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        out.append('\n');
      } else {
        inString = c == '"';
        out.append(c);
      }
    }
    return out.toString();
  }
}
