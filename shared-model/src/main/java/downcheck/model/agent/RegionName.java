package downcheck.model.agent;

import java.util.regex.Pattern;

/**
 * What a region may be called: lower-case letters, digits and dashes, starting with a letter or
 * digit, at most 63 characters (it becomes part of a Kafka consumer group name and of labels).
 * A new name is a new region.
 */
public final class RegionName {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private RegionName() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }
}
