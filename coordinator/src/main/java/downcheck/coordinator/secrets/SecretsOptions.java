package downcheck.coordinator.secrets;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The coordinators' shared secret, as a flag: a file, never the key itself on the command line. */
public final class SecretsOptions {
  @Option(names = "--secrets-key-file", paramLabel = "FILE",
      description = "File holding the coordinators' shared secret, base64 of at least 32 random bytes "
          + "(head -c 32 /dev/urandom | base64 > FILE); every coordinator of a cluster gets the same one. "
          + "Default: none, a random key for this process only (docs/security.md).")
  Path keyFile;

  /** The key the flag names, or a random one for this process when none is given. */
  public SecretsKey key() {
    return keyFile == null ? SecretsKey.ephemeral() : SecretsKey.fromFile(keyFile);
  }
}
