package downcheck.coordinator.http;

import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/** API keys given as hashes, as flags: files of SHA-256 hashes, so no key sits in a flag or the environment. */
public final class KeyOptions {
  @Option(names = "--api-key-hashes-file", paramLabel = "FILE",
      description = "File of the SHA-256 hashes of keys that may submit checks and own monitors, one hex hash a line "
          + "(printf %s KEY | sha256sum >> FILE), # for comments; with --api-keys, both count. "
          + "Default: none (docs/security.md).")
  Path userFile;

  @Option(names = "--admin-key-hashes-file", paramLabel = "FILE",
      description = "The same for admin keys, which may also read, change and delete every monitor. Default: none.")
  Path adminFile;

  /** The hashes the files hold. */
  public KeyHashes hashes() {
    return new KeyHashes(userFile == null ? Set.of() : KeyHashes.read(userFile),
        adminFile == null ? Set.of() : KeyHashes.read(adminFile));
  }
}
