package downcheck.agent.probe.http;

/**
 * Looks for {@code expect.bodyContains} in a body as it streams in: Knuth-Morris-Pratt over
 * bytes, so each byte is looked at a bounded number of times (linear in the body, whatever the
 * pattern; a naive search of 1 MiB of {@code a} for 1023 {@code a} and a {@code b} is 10^9
 * comparisons) and no byte of the body is kept: the state across chunks is the length of the
 * pattern's prefix matched so far. Plain Java; one per probe.
 */
final class BodySearch {
  private final byte[] pattern;
  /** fallback[i]: the longest proper prefix of pattern[0..i] that is also its suffix. */
  private final int[] fallback;
  private int matched;
  private boolean found;

  BodySearch(byte[] pattern) {
    this.pattern = pattern.clone();
    this.fallback = new int[pattern.length];
    for (int i = 1, k = 0; i < pattern.length; i++) {
      while (k > 0 && pattern[i] != pattern[k]) {
        k = fallback[k - 1];
      }
      if (pattern[i] == pattern[k]) {
        k++;
      }
      fallback[i] = k;
    }
    found = pattern.length == 0;
  }

  /** Feeds the next bytes of the body. */
  void feed(byte[] data, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end && !found; i++) {
      byte b = data[i];
      while (matched > 0 && pattern[matched] != b) {
        matched = fallback[matched - 1];
      }
      if (pattern[matched] == b) {
        matched++;
      }
      found = matched == pattern.length;
    }
  }

  boolean found() {
    return found;
  }

  /** Heap bytes this search holds (pattern and table), for the probes' memory budget. */
  long footprint() {
    return 64 + pattern.length + 4L * fallback.length;
  }
}
