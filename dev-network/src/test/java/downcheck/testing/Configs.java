package downcheck.testing;

import downcheck.agent.AgentConfig;
import downcheck.agent.AgentMain;
import downcheck.coordinator.CoordinatorConfig;
import downcheck.coordinator.CoordinatorMain;
import downcheck.runtime.settings.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
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
        "--http-port", "0", "--secrets-key-file", SECRETS_KEY_FILE.toString()), flags)).config();
  }

  /**
   * The one secrets key file every coordinator of this JVM's tests is given, as every coordinator
   * of a cluster is: they open each other's sealed channels and trust each other's state records.
   * A test's own {@code --secrets-key-file} comes later and wins.
   */
  public static final Path SECRETS_KEY_FILE = writeKeyFile();

  /** A fresh key file of random bytes, as an operator makes one (docs/operations.md). */
  public static Path writeKeyFile() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      Path file = Files.createTempFile("downcheck-secrets-", ".key");
      file.toFile().deleteOnExit();
      Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] withKafka(String bootstrap, List<String> defaults, String... flags) {
    List<String> args = new ArrayList<>(List.of("--kafka", bootstrap, "--partitions", "3"));
    args.addAll(defaults);
    args.addAll(List.of(flags));
    return args.toArray(String[]::new);
  }
}
