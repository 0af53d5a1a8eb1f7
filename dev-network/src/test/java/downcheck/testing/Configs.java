package downcheck.testing;

import downcheck.agent.AgentConfig;
import downcheck.agent.AgentMain;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorMain;
import downcheck.runtime.settings.Commands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Configs built the way an operator builds them: from the executables' own flags, so tests use
 * the declared defaults and say only what they change. Topics get 3 partitions, enough here.
 */
public final class Configs {
  private Configs() {}

  /** An agent on {@code bootstrap}: {@code --region} and the rest as flags. Fast canaries and heartbeats. */
  public static AgentConfig agent(String bootstrap, String... flags) {
    return guardedAgent(bootstrap, prepend("--allow-private-targets", flags));
  }

  /** The same, under the network's default policy: private and loopback targets refused. */
  public static AgentConfig guardedAgent(String bootstrap, String... flags) {
    return Commands.parse(new AgentMain(), Map.of(), withKafka(bootstrap, List.of(
        "--canary-interval-ms", "1000", "--heartbeat-interval-ms", "1000", "--probe-lanes", "2"), flags)).config();
  }

  private static String[] prepend(String flag, String... flags) {
    List<String> all = new ArrayList<>(List.of(flag));
    all.addAll(List.of(flags));
    return all.toArray(String[]::new);
  }

  /**
   * A coordinator on {@code bootstrap}, bound to loopback on a free port, alone unless told otherwise;
   * like the test agents it allows private targets, as the tests' targets are on loopback.
   */
  public static CoordinatorConfig coordinator(String bootstrap, String... flags) {
    return guardedCoordinator(bootstrap, prepend("--allow-private-targets", flags));
  }

  /** The same, under the network's default policy: literal private targets and localhost are a 400. */
  public static CoordinatorConfig guardedCoordinator(String bootstrap, String... flags) {
    return Commands.parse(new CoordinatorMain(), Map.of(), withKafka(bootstrap, List.of("--http-host", "127.0.0.1",
        "--http-port", "0"), flags)).config();
  }

  private static String[] withKafka(String bootstrap, List<String> defaults, String... flags) {
    List<String> args = new ArrayList<>(List.of("--kafka", bootstrap, "--partitions", "3"));
    args.addAll(defaults);
    args.addAll(List.of(flags));
    return args.toArray(String[]::new);
  }
}
