package downcheck.coordinator.monitor;

import downcheck.coordinator.http.ProblemException;
import downcheck.model.monitor.MonitorSpec;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * Who may create, change and delete monitors: with API keys configured, a key holder, and only
 * their own monitors. A monitor records its owner as a hash of the key, never the key.
 */
final class MonitorAccess {
  private final Set<String> apiKeys;

  MonitorAccess(Set<String> apiKeys) {
    this.apiKeys = Set.copyOf(apiKeys);
  }

  /** The writer's owner tag (null without keys), or a 401. */
  String writer(RoutingContext rc) {
    if (apiKeys.isEmpty()) {
      return null;
    }
    String key = presentedKey(rc);
    if (key == null || !apiKeys.contains(key)) {
      throw new ProblemException(401, "Unauthorized",
          key == null ? "an API key is required: Authorization: Bearer KEY" : "the API key is not valid", 0);
    }
    return ownerOf(key);
  }

  void mayChange(RoutingContext rc, MonitorSpec spec) {
    String owner = writer(rc);
    if (!apiKeys.isEmpty() && !Objects.equals(owner, spec.owner())) {
      throw new ProblemException(403, "Forbidden", "this monitor belongs to another API key", 0);
    }
  }

  static String ownerOf(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "k-" + HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String presentedKey(RoutingContext rc) {
    String auth = rc.request().getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).strip();
    }
    String header = rc.request().getHeader("X-API-Key");
    return header == null || header.isBlank() ? null : header.strip();
  }
}
