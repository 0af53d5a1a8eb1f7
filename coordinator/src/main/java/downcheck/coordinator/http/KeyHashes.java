package downcheck.coordinator.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * API keys given as SHA-256 hashes (docs/security.md), read from files: one hex hash per line,
 * anything after it on the line ignored (so {@code printf %s KEY | sha256sum >> FILE} adds a
 * line), blank lines and lines starting with {@code #} skipped.
 *
 * @param users  hashes of keys that may submit checks and own monitors
 * @param admins hashes of keys that may also read, change and delete every monitor
 */
public record KeyHashes(Set<String> users, Set<String> admins) {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  public static final KeyHashes NONE = new KeyHashes(Set.of(), Set.of());

  public KeyHashes {
    users = Set.copyOf(users);
    admins = Set.copyOf(admins);
  }

  /** The hashes of {@code file}; an {@link IllegalArgumentException} naming the line that is not one. */
  public static Set<String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the key hashes file " + file + ": " + e.getMessage());
    }
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String hash = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
      if (!HASH.matcher(hash).matches()) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a hex SHA-256 (make one with: printf %s KEY | sha256sum)");
      }
      hashes.add(hash);
    }
    return hashes;
  }
}
