package downcheck.agent.probe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The streaming search for {@code expect.bodyContains}: right in every split, linear on the worst input. */
class BodySearchTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("at the start", "needle in a haystack", "needle", true),
        arguments("at the end", "a haystack with a needle", "needle", true),
        arguments("absent", "a haystack", "needle", false),
        arguments("a partial match falls back to a shorter prefix", "aabaabaaab", "aabaaab", true),
        arguments("overlapping prefixes", "abaabab", "abab", true),
        arguments("almost, then not", "abababa", "ababb", false),
        arguments("longer than the body", "abc", "abcd", false),
        arguments("the empty pattern is in every body", "", "", true),
        arguments("UTF-8 text", "statut : opérationnel", "opérationnel", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsThePatternWhereverTheChunksSplitTheBody(String name, String body, String pattern, boolean found) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
    for (int chunk = 1; chunk <= Math.max(1, b.length); chunk++) {
      BodySearch search = new BodySearch(p);
      for (int i = 0; i < b.length; i += chunk) {
        search.feed(b, i, Math.min(chunk, b.length - i));
      }
      assertThat(search.found()).as("chunks of %d", chunk).isEqualTo(found);
    }
  }

  @Test
  void theWorstInputForANaiveSearchTakesLinearTime() {
    // a naive search compares about 4 Mi x 4 Ki = 1.7e10 bytes here; this one about 8 Mi
    byte[] body = new byte[4 << 20];
    Arrays.fill(body, (byte) 'a');
    byte[] pattern = new byte[4096];
    Arrays.fill(pattern, (byte) 'a');
    pattern[pattern.length - 1] = 'b';
    BodySearch search = new BodySearch(pattern);

    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      for (int i = 0; i < body.length; i += 65536) {
        search.feed(body, i, 65536);
      }
    });
    assertThat(search.found()).isFalse();
    assertThat(search.footprint()).as("holds the pattern and its table, no body").isLessThan(6 * 4096);
  }
}
