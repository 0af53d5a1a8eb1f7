package downcheck.model.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A public status page of chosen monitors, as it lives on the compacted topic
 * {@code downcheck.monitors} under the key {@code status-page/{slug}} (docs/monitors.md). Its
 * values were validated where the API read them; the constructor guards what the page relies on.
 *
 * @param monitors    the monitors shown, in this order, at most {@link #MAX_MONITORS}
 * @param showTargets the page shows each monitor's target (its query never): the owner chose to
 *                    make them public; else only their names
 * @param owner       who made it: the owner tag of its key (never the key), as a monitor's
 */
public record StatusPage(String slug, String title, List<String> monitors, boolean showTargets, String owner,
    Instant createdAt, Instant updatedAt) {
  /** The key prefix on the monitors topic: never the start of a monitor id ({@code m-…}). */
  public static final String KEY_PREFIX = "status-page/";
  public static final int MAX_MONITORS = 50;
  public static final int MAX_SLUG = 40;
  public static final int MAX_TITLE = 100;
  /** Lowercase letters, digits and single hyphens between them: safe in a path and a feed id. */
  public static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public StatusPage {
    Objects.requireNonNull(title, "title");
    if (!validSlug(slug)) {
      throw new IllegalArgumentException("not a status page slug: " + slug);
    }
    monitors = monitors == null ? List.of() : List.copyOf(monitors);
    if (monitors.size() > MAX_MONITORS) {
      throw new IllegalArgumentException("a status page shows at most " + MAX_MONITORS + " monitors, not "
          + monitors.size());
    }
  }

  public static boolean validSlug(String slug) {
    return slug != null && slug.length() <= MAX_SLUG && SLUG.matcher(slug).matches();
  }

  /** Its key on the monitors topic. */
  public static String key(String slug) {
    return KEY_PREFIX + slug;
  }
}
