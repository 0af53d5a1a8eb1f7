package downcheck.coordinator.agenttrust;

import java.time.Duration;
import picocli.CommandLine.Option;

/** When an agent is quarantined, mixed into the coordinator's flags: each default and help declared here only. */
public final class AgentTrustOptions {
  @Option(names = "--trust-window-minutes", defaultValue = "60", paramLabel = "N",
      description = "How long an event of an agent's trust record (a canary failure, an unconfirmed lone dissent, a "
          + "late result) weighs, fading to nothing; the agent earns its trust back over it.")
  long windowMinutes;

  @Option(names = "--trust-quarantine-score", defaultValue = "6", paramLabel = "X",
      description = "The trust record's score (canary failure 1, unconfirmed dissent 2, late result 1, each fading "
          + "over the window) from which an agent is quarantined: its results are shown, not counted.")
  double quarantineScore;

  public AgentTrustSettings settings() {
    return new AgentTrustSettings(Duration.ofMinutes(windowMinutes), quarantineScore);
  }
}
