package downcheck.coordinator.path;

/**
 * How paths are compared, validated; defaults in {@link PathOptions}.
 *
 * @param maxWaitMs the most a check waits for its traces beyond its answers (at most its own timeoutMs); 0 = never trace
 * @param inFlight  path comparisons one coordinator keeps waiting at once
 */
public record PathSettings(long maxWaitMs, int inFlight) {
  public static final PathSettings OFF = new PathSettings(0, 1);

  public PathSettings {
    if (maxWaitMs < 0 || maxWaitMs > 60_000) {
      throw new IllegalArgumentException("--path-trace-max-ms must be in 0..60000 (" + maxWaitMs + ")");
    }
    if (inFlight < 1) {
      throw new IllegalArgumentException("--path-traces-in-flight must be at least 1 (" + inFlight + ")");
    }
  }

  public boolean on() {
    return maxWaitMs > 0;
  }
}
