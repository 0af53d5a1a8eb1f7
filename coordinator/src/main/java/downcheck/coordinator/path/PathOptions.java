package downcheck.coordinator.path;

import picocli.CommandLine.Option;

/** The flags of the path comparison (docs/consensus.md, "Where the path breaks"), mixed into the coordinator's. */
public final class PathOptions {
  @Option(names = "--path-trace-max-ms", defaultValue = "10000", paramLabel = "N",
      description = "When regions disagree and the failing ones failed at the network level, a failing and a "
          + "healthy region trace the path; the check waits for their traces at most this long, and never longer "
          + "than its own timeoutMs. 0 = never trace.")
  long maxWaitMs;

  @Option(names = "--path-traces-in-flight", defaultValue = "32", paramLabel = "N",
      description = "Path comparisons one coordinator keeps waiting at once; past it a check is made final "
          + "without one.")
  int inFlight;

  public PathSettings settings() {
    return new PathSettings(maxWaitMs, inFlight);
  }
}
