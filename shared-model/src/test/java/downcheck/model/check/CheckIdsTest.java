package downcheck.model.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckIdsTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  static Stream<Arguments> ids() {
    return Stream.of(
        argumentSet("a new id", CheckIds.next(T0), true),
        argumentSet("lower-case letters and digits after c-", "c-mhf0k2a1x9", true),
        argumentSet("64 characters", "c-" + "a".repeat(62), true),
        argumentSet("65 characters", "c-" + "a".repeat(63), false),
        argumentSet("no prefix", "mhf0k2a1x9", false),
        argumentSet("the prefix alone", "c-", false),
        argumentSet("upper case", "c-MHF0", false),
        argumentSet("a path segment", "c-1/../x", false),
        argumentSet("another kind of id", "i-mhf0k2a1x9", false),
        argumentSet("none", null, false));
  }

  @ParameterizedTest
  @MethodSource("ids")
  void onlyAnIdOfTheCheckShapeLooksValid(String id, boolean valid) {
    assertThat(CheckIds.looksValid(id)).isEqualTo(valid);
  }

  @Test
  void idsSortByCreation() {
    String earlier = CheckIds.next(T0);
    String later = CheckIds.next(T0.plusMillis(1));
    assertThat(earlier).isLessThan(later);
  }

  @Test
  void anIdMadeFromACheckIdDropsItsPrefixOnly() {
    assertThat(CheckIds.withoutPrefix("c-mhf0k2a1x9")).isEqualTo("mhf0k2a1x9");
    assertThat(CheckIds.withoutPrefix("mhf0c-k2")).isEqualTo("mhf0c-k2");
    assertThat(CheckIds.hasPrefix("c-mhf0")).isTrue();
    assertThat(CheckIds.hasPrefix(null)).isFalse();
    assertThat(CheckIds.hasPrefix("x-c-")).isFalse();
  }
}
