package downcheck.coordinator.operator;

import downcheck.model.monitor.Channel;
import java.time.Duration;
import java.util.List;

/**
 * Who the operator is and when they are told, validated; defaults and help in {@link OperatorOptions}.
 *
 * @param channels     where the operator's notices go; empty = nobody is told
 * @param impairedFor  how long an agent is impaired before the operator is told
 * @param hold         how long an agent or region must be well before its recovery is told
 * @param tick         how often a coordinator looks at the agents and regions it decides for
 */
public record OperatorSettings(List<Channel> channels, Duration impairedFor, Duration hold, Duration tick) {
  static final Duration MAX_WAIT = Duration.ofDays(1);

  public OperatorSettings {
    channels = List.copyOf(channels);
    if (impairedFor.isNegative() || impairedFor.compareTo(MAX_WAIT) > 0 || hold.isNegative()
        || hold.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException("--operator-impaired-minutes and --operator-hold-minutes must be in 0..1440 ("
          + impairedFor.toSeconds() / 60.0 + ", " + hold.toSeconds() / 60.0 + ")");
    }
    if (tick.toMillis() < 10 || tick.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("--operator-tick-ms must be in 10..60000 (" + tick.toMillis() + ")");
    }
  }

  public static OperatorSettings off() {
    return new OperatorSettings(List.of(), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(1));
  }

  public boolean on() {
    return !channels.isEmpty();
  }
}
