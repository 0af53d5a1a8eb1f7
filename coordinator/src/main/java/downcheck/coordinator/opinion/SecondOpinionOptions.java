package downcheck.coordinator.opinion;

import picocli.CommandLine.Option;

/** The second opinion's flags, mixed into the coordinator's: each default and help declared here only. */
public final class SecondOpinionOptions {
  @Option(names = "--second-opinions", defaultValue = "2", paramLabel = "N",
      description = "Second opinions asked per check at most (one per region at most) before an outage verdict is "
          + "final: another agent of a region that alone saw the target down is asked, another network first; "
          + "0 never asks.")
  int maxPerCheck;

  @Option(names = "--second-opinion-below", defaultValue = "0.5", paramLabel = "C",
      description = "An outage verdict whose confidence is below this asks a second opinion of its DOWN regions too.")
  double belowConfidence;

  public SecondOpinionSettings settings() {
    return new SecondOpinionSettings(maxPerCheck, belowConfidence);
  }
}
