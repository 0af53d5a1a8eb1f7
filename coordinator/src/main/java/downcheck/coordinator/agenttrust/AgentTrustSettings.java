package downcheck.coordinator.agenttrust;

import java.time.Duration;

/**
 * When an agent is quarantined; the defaults live with the flags in {@link AgentTrustOptions}.
 *
 * @param window          how long an event weighs, fading to nothing; a record silent this long is dropped
 * @param quarantineScore the score from which an agent's results are shown but not counted
 */
public record AgentTrustSettings(Duration window, double quarantineScore) {
  public static final AgentTrustSettings DEFAULT = new AgentTrustSettings(Duration.ofMinutes(60), 6.0);

  public AgentTrustSettings {
    if (window.toSeconds() < 1) {
      throw new IllegalArgumentException("--trust-window-minutes must be above 0 (" + window.toMinutes() + ")");
    }
    if (!(quarantineScore > 0)) {
      throw new IllegalArgumentException("--trust-quarantine-score must be above 0 (" + quarantineScore + ")");
    }
  }
}
