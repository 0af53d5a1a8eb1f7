package downcheck.coordinator.operator;

import downcheck.model.check.AddressPolicy;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags of the operator's notices, mixed into the coordinator's: each default and help declared here only. */
public final class OperatorOptions {
  @Option(names = "--operator-notify-file", paramLabel = "FILE",
      description = "JSON file of the channels that tell the operator of agents gone silent, regions left without "
          + "agents and agents impaired, and of each recovery, in a monitor's notify shape: "
          + "[{\"type\": \"slack\", \"url\": \"…\"}, {\"type\": \"webhook\", \"url\": \"…\", \"secret\": \"…\"}]. "
          + "Default: none, nobody is told (docs/operations.md).")
  Path notifyFile;

  @Option(names = "--operator-impaired-minutes", defaultValue = "5", paramLabel = "N",
      description = "Minutes an agent stays impaired (its canaries failing) before the operator is told; "
          + "fractions allowed.")
  double impairedMinutes;

  @Option(names = "--operator-hold-minutes", defaultValue = "5", paramLabel = "N",
      description = "Minutes an agent or region must stay well before its recovery is told; a problem back within "
          + "them is not told again, so an agent that comes and goes is told once. Fractions allowed.")
  double holdMinutes;

  @Option(names = "--operator-tick-ms", defaultValue = "1000", paramLabel = "N",
      description = "How often a coordinator looks at the agents and regions whose events it decides.")
  long tickMs;

  /** The channels read from the file by the monitors' rules, under the webhooks' address {@code policy}. */
  public OperatorSettings settings(AddressPolicy policy, boolean emailOn) {
    return new OperatorSettings(notifyFile == null ? java.util.List.of() : OperatorChannels.read(notifyFile, policy, emailOn),
        minutes(impairedMinutes), minutes(holdMinutes), Duration.ofMillis(tickMs));
  }

  private static Duration minutes(double m) {
    if (Double.isNaN(m) || m < 0 || m > OperatorSettings.MAX_WAIT.toMinutes()) {
      throw new IllegalArgumentException("--operator-impaired-minutes and --operator-hold-minutes must be in 0..1440 ("
          + m + ")");
    }
    return Duration.ofMillis(Math.round(m * 60_000));
  }
}
